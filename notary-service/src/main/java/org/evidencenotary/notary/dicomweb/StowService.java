package org.evidencenotary.notary.dicomweb;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Consumer;
import org.evidencenotary.format.EvidenceStatement;
import org.evidencenotary.notary.dicom.DicomHeader;
import org.evidencenotary.notary.dicom.DicomScan;
import org.evidencenotary.notary.dicom.MalformedDicomException;
import org.evidencenotary.notary.evidence.DicomService;
import org.evidencenotary.notary.evidence.EmptyEvidenceException;
import org.evidencenotary.notary.evidence.EvidenceService;
import org.evidencenotary.notary.evidence.IngestResult;
import org.evidencenotary.notary.evidence.Submission;
import org.evidencenotary.storage.SizeLimitExceededException;
import org.jboss.logging.Logger;

/**
 * Stores the instances of a DICOMweb STOW-RS request (PS3.18 10.5), one part at a time. Each part
 * is notarized through the same {@link EvidenceService#ingest} as a REST upload declared {@code
 * application/dicom}: streamed into the store's staging area with every digest in the same pass,
 * signed, stored and recorded durably ({@code PENDING}); the anchor follows from the durable queue,
 * as for C-STORE, so a request of many instances does not wait for the ledger once per instance.
 *
 * <p>A part that fails leaves nothing behind (the guarantees of {@code ingest}); its failure is
 * reported with the Failure Reason of PS3.18 Table I.2-2 ({@link StowFailure}).
 */
@ApplicationScoped
public class StowService {
  private static final Logger LOG = Logger.getLogger(StowService.class);

  @Inject EvidenceService evidence;

  /**
   * Notarizes one part.
   *
   * @param part the part's bytes, to its end
   * @param study the Study Instance UID of the request path, or null for {@code POST /studies}
   * @param submitter who submits (declared)
   * @param submittedBy who submits as the service authenticated them
   * @return stored, with its evidence id, or failed, with the reason
   * @throws IOException only when reading {@code part} itself failed (the request body broke off or
   *     is not well-formed multipart): nothing of this part was kept, and the request cannot go on
   */
  public StowOutcome store(InputStream part, String study, String submitter, EvidenceStatement.SignedIn submittedBy)
      throws IOException {
    PartStream source = new PartStream(part);
    Admission admission = new Admission(study);
    Submission submission = new Submission(DicomService.DICOM_MEDIA_TYPE, null, null, null, submitter, null, submittedBy);
    try {
      IngestResult result = evidence.ingest(source, submission, false, admission);
      return StowOutcome.stored(admission.sopClass, admission.sopInstance, result.record().id());
    } catch (Refused e) {
      return StowOutcome.failed(admission.sopClass, admission.sopInstance, e.failure, e.getMessage());
    } catch (MalformedDicomException e) {
      return StowOutcome.failed(StowFailure.CANNOT_UNDERSTAND, e.getMessage());
    } catch (EmptyEvidenceException e) {
      return StowOutcome.failed(StowFailure.CANNOT_UNDERSTAND, "the part is empty");
    } catch (IOException e) {
      if (source.failed) {
        throw e;
      }
      if (e instanceof SizeLimitExceededException tooLarge) {
        return StowOutcome.failed(StowFailure.OUT_OF_RESOURCES,
            "the instance is larger than the limit of " + tooLarge.limit() + " bytes");
      }
      LOG.errorf(e, "STOW-RS: could not store an instance");
      return StowOutcome.failed(admission.sopClass, admission.sopInstance, StowFailure.PROCESSING_FAILURE,
          "the instance could not be stored (" + e.getClass().getSimpleName() + "); see the service log");
    } catch (RuntimeException e) {
      LOG.errorf(e, "STOW-RS: could not notarize an instance");
      return StowOutcome.failed(admission.sopClass, admission.sopInstance, StowFailure.PROCESSING_FAILURE,
          "the instance could not be notarized (" + e.getClass().getSimpleName() + "); see the service log");
    }
  }

  /**
   * Looks at a well-formed instance before anything is signed or stored: PS3.10 7.1 wants the file
   * meta information to name the data set's SOP Class and Instance, and PS3.18 10.5.1 wants every
   * instance sent to {@code /studies/{study}} to belong to that study.
   */
  private static final class Admission implements Consumer<DicomScan> {
    private final String study;
    private String sopClass;
    private String sopInstance;

    Admission(String study) {
      this.study = study;
    }

    @Override
    public void accept(DicomScan scan) {
      if (!scan.isDicom()) {
        throw new Refused(StowFailure.CANNOT_UNDERSTAND, "not a well-formed DICOM Part 10 file: " + scan.reason());
      }
      DicomHeader h = scan.header();
      sopClass = uid(h.value(0x00080016));
      sopInstance = uid(h.value(0x00080018));
      String mediaClass = uid(h.value(0x00020002));
      String mediaInstance = uid(h.value(0x00020003));
      // A data set without the UID is read with a warning; one with another UID than its meta
      // information names is not the instance the file claims to hold.
      if (mediaClass != null && sopClass != null && !mediaClass.equals(sopClass)) {
        throw new Refused(StowFailure.DATA_SET_DOES_NOT_MATCH_SOP_CLASS, "the Media Storage SOP Class UID"
            + " (0002,0002) of the file meta information is not the SOP Class UID (0008,0016) of the data set");
      }
      if (mediaInstance != null && sopInstance != null && !mediaInstance.equals(sopInstance)) {
        throw new Refused(StowFailure.DATA_SET_DOES_NOT_MATCH_SOP_CLASS, "the Media Storage SOP Instance UID"
            + " (0002,0003) of the file meta information is not the SOP Instance UID (0008,0018) of the data set");
      }
      if (study != null && !study.equals(uid(h.value(0x0020000D)))) {
        throw new Refused(StowFailure.STUDY_INSTANCE_UID_MISMATCH,
            "the Study Instance UID (0020,000D) of the instance is not the study of the request path");
      }
    }

    private static String uid(String value) {
      if (value == null) {
        return null;
      }
      String v = value.replace('\0', ' ').strip();
      return v.isEmpty() ? null : v;
    }
  }

  /** An instance refused by {@link Admission}; nothing of it is kept. */
  private static final class Refused extends RuntimeException {
    private final StowFailure failure;

    Refused(StowFailure failure, String message) {
      super(message, null, false, false);
      this.failure = failure;
    }
  }

  /** Remembers whether reading the part itself failed, to tell a broken request from a failed store. */
  private static final class PartStream extends FilterInputStream {
    private boolean failed;

    PartStream(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      try {
        return super.read();
      } catch (IOException e) {
        failed = true;
        throw e;
      }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      try {
        return super.read(b, off, len);
      } catch (IOException e) {
        failed = true;
        throw e;
      }
    }

    @Override
    public long skip(long n) throws IOException {
      try {
        return super.skip(n);
      } catch (IOException e) {
        failed = true;
        throw e;
      }
    }
  }
}
