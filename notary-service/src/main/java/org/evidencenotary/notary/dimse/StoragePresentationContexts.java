package org.evidencenotary.notary.dimse;

import com.pixelmed.dicom.SOPClass;
import com.pixelmed.network.PresentationContext;
import com.pixelmed.network.PresentationContextSelectionPolicy;
import java.util.LinkedList;
import java.util.List;
import java.util.Optional;
import org.evidencenotary.notary.dicom.TransferSyntaxes;

/**
 * Which presentation contexts the storage listener accepts, and in which transfer syntax (PS3.8
 * 9.3.3.2): a notary must never be the reason an acquisition goes unproven, and it keeps every
 * instance exactly as sent, so it takes the sender's own encoding rather than asking for another.
 *
 * <ul>
 *   <li>Abstract syntaxes: Verification; every Storage SOP Class, standard (PixelMed's list, or any
 *       UID under the Storage root {@code 1.2.840.10008.5.1.4.1.1}, so classes newer than PixelMed
 *       are taken too) or private (any UID outside DICOM's own root: vendors' private storage
 *       classes). Other DICOM services (query, retrieve, worklist...) are refused: this listener
 *       answers only C-ECHO and C-STORE.
 *   <li>Transfer syntaxes: the first the sender proposes that the notary can keep
 *       ({@link TransferSyntaxes#readable}): the sender lists its preference first, and a sender
 *       that proposes its file's own syntax then sends it unconverted. Every standard syntax is
 *       readable, compressed or not; only unknown (private) syntaxes are refused.
 * </ul>
 *
 * <p>Ours rather than PixelMed's {@code AnyExplicitStorePresentationContextSelectionPolicy}, which
 * knows only the transfer syntaxes of its 2022 release and prefers explicit VR little endian when
 * a context offers several, asking the sender to convert.
 */
final class StoragePresentationContexts implements PresentationContextSelectionPolicy {
  static final String VERIFICATION = "1.2.840.10008.1.1";
  private static final String DICOM_ROOT = "1.2.840.10008.";
  private static final String STORAGE_ROOT = "1.2.840.10008.5.1.4.1.1.";
  /** PS3.8 table 9-18: acceptance. */
  private static final byte ACCEPTANCE = 0;
  /** PS3.8 table 9-18: provider rejection, abstract syntax not supported. */
  private static final byte ABSTRACT_SYNTAX_NOT_SUPPORTED = 3;
  /** PS3.8 table 9-18: provider rejection, transfer syntaxes not supported. */
  private static final byte TRANSFER_SYNTAXES_NOT_SUPPORTED = 4;

  @Override
  @SuppressWarnings("rawtypes")
  public LinkedList applyPresentationContextSelectionPolicy(LinkedList contexts, int association, int debugLevel) {
    return applyPresentationContextSelectionPolicy(contexts, association);
  }

  @Override
  @SuppressWarnings({"rawtypes", "unchecked"})
  public LinkedList applyPresentationContextSelectionPolicy(LinkedList contexts, int association) {
    for (Object o : contexts) {
      PresentationContext pc = (PresentationContext) o;
      List<String> proposed = List.copyOf((List<String>) pc.getTransferSyntaxUIDs());
      pc.newTransferSyntaxUIDs();
      if (!acceptsAbstractSyntax(pc.getAbstractSyntaxUID())) {
        pc.setResultReason(ABSTRACT_SYNTAX_NOT_SUPPORTED);
        continue;
      }
      Optional<String> chosen = choose(proposed);
      if (chosen.isEmpty()) {
        pc.setResultReason(TRANSFER_SYNTAXES_NOT_SUPPORTED);
        continue;
      }
      pc.addTransferSyntaxUID(chosen.get());
      pc.setResultReason(ACCEPTANCE); // a context arrives "unrecognized" (0xFF) until a policy decides
    }
    return contexts;
  }

  /** Verification, or a storage SOP Class (standard or private). */
  static boolean acceptsAbstractSyntax(String uid) {
    String u = clean(uid);
    if (u == null || !Dimse.isUid(u)) {
      return false;
    }
    return u.equals(VERIFICATION) || u.startsWith(STORAGE_ROOT) || !u.startsWith(DICOM_ROOT)
        || SOPClass.isImageStorage(u) || SOPClass.isNonImageStorage(u);
  }

  /** The first proposed transfer syntax the notary can keep. */
  static Optional<String> choose(List<String> proposed) {
    return proposed.stream().map(StoragePresentationContexts::clean)
        .filter(t -> t != null && TransferSyntaxes.readable(t).isPresent()).findFirst();
  }

  /** A UID as it came in the A-ASSOCIATE-RQ, without the NUL or space that may pad it to an even length. */
  private static String clean(String uid) {
    return uid == null ? null : uid.replace("\0", "").strip();
  }
}
