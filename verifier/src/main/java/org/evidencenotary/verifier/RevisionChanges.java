package org.evidencenotary.verifier;

import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSBoolean;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSFloat;
import org.apache.pdfbox.cos.COSInteger;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSNull;
import org.apache.pdfbox.cos.COSObject;
import org.apache.pdfbox.cos.COSObjectKey;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.cos.COSString;
import org.apache.pdfbox.pdmodel.PDDocument;

/**
 * What the revisions after a PDF's signed revision change. PAdES B-LT adds the document security
 * store ({@code /DSS}: certificates, CRLs, OCSP responses) in an incremental update after the
 * signature, which the signature cannot cover; that, and nothing else, is accepted.
 *
 * <p>Security: the rule is strict and structural, not a guess at what is harmless. Every object of
 * the signed revision must be untouched (same cross-reference entry), except the catalog, which
 * may differ only by the added {@code /DSS} entry; the trailer must name the same catalog and
 * document information. New objects can then be reached only through {@code /DSS}, which no
 * viewer renders. Any other change, however small, is reported.
 */
final class RevisionChanges {
  private static final COSName DSS = COSName.getPDFName("DSS");

  private RevisionChanges() {}

  /**
   * Null when everything after the first {@code signedLength} bytes only adds validation data;
   * otherwise what else changed, in a few words.
   */
  static String beyondValidationData(byte[] pdf, int signedLength) throws IOException {
    try (PDDocument signed = Loader.loadPDF(Arrays.copyOf(pdf, signedLength));
        PDDocument whole = Loader.loadPDF(pdf)) {
      COSDictionary signedTrailer = signed.getDocument().getTrailer();
      COSDictionary wholeTrailer = whole.getDocument().getTrailer();
      COSObjectKey catalog = key(signedTrailer.getItem(COSName.ROOT));
      if (catalog == null || !catalog.equals(key(wholeTrailer.getItem(COSName.ROOT)))) {
        return "the document catalog was replaced";
      }
      if (!same(signedTrailer.getItem(COSName.INFO), wholeTrailer.getItem(COSName.INFO))) {
        return "the document information was replaced";
      }
      Map<COSObjectKey, Long> before = signed.getDocument().getXrefTable();
      Map<COSObjectKey, Long> after = whole.getDocument().getXrefTable();
      Set<COSObjectKey> changed = new HashSet<>();
      for (Map.Entry<COSObjectKey, Long> entry : before.entrySet()) {
        if (!entry.getValue().equals(after.get(entry.getKey()))) {
          changed.add(entry.getKey());
        }
      }
      changed.remove(catalog);
      if (!changed.isEmpty()) {
        return "object " + changed.iterator().next() + " of the signed revision was changed"
            + (changed.size() > 1 ? ", and " + (changed.size() - 1) + " more" : "");
      }
      COSDictionary signedCatalog = signed.getDocumentCatalog().getCOSObject();
      COSDictionary wholeCatalog = whole.getDocumentCatalog().getCOSObject();
      if (signedCatalog.containsKey(DSS)) {
        return "the signed revision already had a document security store, and it was replaced";
      }
      COSDictionary withoutDss = new COSDictionary();
      for (Map.Entry<COSName, COSBase> entry : wholeCatalog.entrySet()) {
        if (!DSS.equals(entry.getKey())) {
          withoutDss.setItem(entry.getKey(), entry.getValue());
        }
      }
      if (!same(signedCatalog, withoutDss)) {
        return "the document catalog was changed beyond adding validation data";
      }
      if (wholeCatalog.containsKey(DSS) && !(wholeCatalog.getDictionaryObject(DSS) instanceof COSDictionary)) {
        return "the document security store is not a dictionary";
      }
      return wholeCatalog.getDictionaryObject(DSS) instanceof COSDictionary dss ? damagedValidationData(dss) : null;
    }
  }

  /** The certificates and CRLs of a document security store ({@code /DSS}), decoded. */
  record ValidationData(List<X509Certificate> certificates, List<X509CRL> crls) {
    /**
     * Decodes {@code /Certs} and {@code /CRLs} of {@code dss}.
     *
     * @throws IOException naming the entry that does not decode as a certificate or CRL
     */
    static ValidationData of(COSDictionary dss) throws IOException {
      List<X509Certificate> certificates = new ArrayList<>();
      List<X509CRL> crls = new ArrayList<>();
      for (String kind : List.of("Certs", "CRLs")) {
        if (!(dss.getDictionaryObject(COSName.getPDFName(kind)) instanceof COSArray entries)) {
          continue;
        }
        for (int i = 0; i < entries.size(); i++) {
          try (InputStream in = ((COSStream) entries.getObject(i)).createInputStream()) {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            if ("Certs".equals(kind)) {
              certificates.add((X509Certificate) factory.generateCertificate(in));
            } else {
              crls.add((X509CRL) factory.generateCRL(in));
            }
          } catch (IOException | GeneralSecurityException | ClassCastException e) {
            throw new IOException("entry " + (i + 1) + " of /" + kind + " in the validation data added after signing"
                + " is damaged", e);
          }
        }
      }
      return new ValidationData(certificates, crls);
    }
  }

  /**
   * Null when every certificate and CRL of the document security store decodes as one and is
   * signed by a certificate of the store (a root by itself); else which is not. The signature
   * cannot cover them, so damage there is found only this way.
   */
  private static String damagedValidationData(COSDictionary dss) {
    ValidationData data;
    try {
      data = ValidationData.of(dss);
    } catch (IOException e) {
      return e.getMessage();
    }
    List<X509Certificate> certificates = data.certificates();
    for (int i = 0; i < certificates.size(); i++) {
      X509Certificate c = certificates.get(i);
      if (!signedByOneOf(certificates, c.getIssuerX500Principal(), key -> c.verify(key))) {
        return "certificate " + (i + 1) + " of the validation data added after signing is not signed by its issuer"
            + " there: it was damaged or replaced";
      }
    }
    for (int i = 0; i < data.crls().size(); i++) {
      X509CRL crl = data.crls().get(i);
      if (!signedByOneOf(certificates, crl.getIssuerX500Principal(), key -> crl.verify(key))) {
        return "CRL " + (i + 1) + " of the validation data added after signing is not signed by its issuer there:"
            + " it was damaged or replaced";
      }
    }
    return null;
  }

  private interface Verification {
    void verify(java.security.PublicKey key) throws GeneralSecurityException;
  }

  private static boolean signedByOneOf(List<X509Certificate> certificates, javax.security.auth.x500.X500Principal issuer,
      Verification verification) {
    for (X509Certificate candidate : certificates) {
      if (candidate.getSubjectX500Principal().equals(issuer)) {
        try {
          verification.verify(candidate.getPublicKey());
          return true;
        } catch (GeneralSecurityException | RuntimeException e) {
          // try the next certificate of that name
        }
      }
    }
    return false;
  }

  private static COSObjectKey key(COSBase value) {
    return value instanceof COSObject object ? object.getKey() : null;
  }

  /**
   * Structural equality of two values of the catalog: indirect references must name the same
   * object (which the cross-reference comparison has shown to be unchanged), direct values must be
   * equal all the way down.
   */
  private static boolean same(COSBase a, COSBase b) {
    if (a == null || b == null) {
      return a == b;
    }
    if (a instanceof COSObject || b instanceof COSObject) {
      COSObjectKey ka = key(a);
      return ka != null && ka.equals(key(b));
    }
    if (a instanceof COSStream || b instanceof COSStream) {
      return false; // a direct stream cannot occur; refuse rather than compare
    }
    if (a instanceof COSDictionary da && b instanceof COSDictionary db) {
      if (!da.keySet().equals(db.keySet())) {
        return false;
      }
      for (COSName name : da.keySet()) {
        if (!same(da.getItem(name), db.getItem(name))) {
          return false;
        }
      }
      return true;
    }
    if (a instanceof COSArray aa && b instanceof COSArray ab) {
      if (aa.size() != ab.size()) {
        return false;
      }
      for (int i = 0; i < aa.size(); i++) {
        if (!same(aa.get(i), ab.get(i))) {
          return false;
        }
      }
      return true;
    }
    if (a instanceof COSName || a instanceof COSString || a instanceof COSInteger || a instanceof COSFloat
        || a instanceof COSBoolean || a instanceof COSNull) {
      return a.equals(b);
    }
    return false;
  }
}
