package org.evidencenotary.notary.config;

import io.smallrye.config.ConfigMapping;
import java.util.Optional;

/** Where signer keys live. Without {@code pkcs11}, every key is in a PKCS#12 file. */
@ConfigMapping(prefix = "notary.signing")
public interface SigningConfig {
  /** A PKCS#11 token (HSM) for technologist and device keys. */
  Optional<Pkcs11> pkcs11();

  /** A PKCS#11 token reached through the JDK's SunPKCS11 provider. */
  interface Pkcs11 {
    /** The PKCS#11 module, e.g. {@code /usr/lib/softhsm/libsofthsm2.so}. */
    String library();

    /**
     * Index of the slot in the module's slot list (slot ids can change, indexes do not); 0 when
     * absent. (No default value here: a default would make the optional group always present.)
     */
    java.util.OptionalInt slotListIndex();

    /** The user PIN; give it from a secret, e.g. the environment variable NOTARY_SIGNING_PKCS11_PIN. */
    String pin();
  }
}
