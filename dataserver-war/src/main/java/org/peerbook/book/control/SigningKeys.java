package org.peerbook.book.control;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Lock;
import jakarta.ejb.LockType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.util.Base64;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.peerbook.book.entity.SigningKey;
import org.peerbook.protocol.HeadSignatures;

/**
 * The data server's Ed25519 key pair: from the configured PKCS#12 keystore, or else made on first
 * start and kept in the database so that the chain stays verifiable across restarts.
 */
@Singleton
@Startup
@DependsOn("SchemaMigration")
@Lock(LockType.READ)
public class SigningKeys {
  private static final Logger LOG = Logger.getLogger(SigningKeys.class.getName());

  @PersistenceContext(unitName = "book")
  EntityManager em;

  @Inject
  @ConfigProperty(name = "peerbook.signing.keystore")
  Optional<String> keystore;

  @Inject
  @ConfigProperty(name = "peerbook.signing.keystore-password")
  Optional<String> keystorePassword;

  @Inject
  @ConfigProperty(name = "peerbook.signing.key-alias", defaultValue = "peerbook")
  String keyAlias;

  private KeyPair keys;

  @PostConstruct
  void load() {
    keys =
        keystore
            .map(file -> SigningKeyStore.load(Path.of(file), keystorePassword.orElse(""), keyAlias))
            .orElseGet(this::fromDatabase);
    LOG.info(() -> "signing heads with public key " + publicKeyText());
  }

  public PrivateKey privateKey() {
    return keys.getPrivate();
  }

  public PublicKey publicKey() {
    return keys.getPublic();
  }

  public String publicKeyText() {
    return HeadSignatures.encode(keys.getPublic());
  }

  private KeyPair fromDatabase() {
    SigningKey stored = em.find(SigningKey.class, SigningKey.THE_ONLY_ROW);
    if (stored == null) {
      KeyPair fresh = generate();
      Base64.Encoder base64 = Base64.getEncoder();
      em.persist(
          new SigningKey(
              base64.encodeToString(fresh.getPrivate().getEncoded()),
              base64.encodeToString(fresh.getPublic().getEncoded()),
              Clock.systemUTC().millis()));
      LOG.info("created the data server's signing key pair");
      return fresh;
    }
    try {
      PrivateKey privateKey =
          KeyFactory.getInstance(HeadSignatures.ALGORITHM)
              .generatePrivate(
                  new PKCS8EncodedKeySpec(Base64.getDecoder().decode(stored.privateKey())));
      return new KeyPair(HeadSignatures.decodePublicKey(stored.publicKey()), privateKey);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the stored signing key is unreadable", e);
    }
  }

  private static KeyPair generate() {
    try {
      return KeyPairGenerator.getInstance(HeadSignatures.ALGORITHM).generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Java 15+ runtimes have Ed25519", e);
    }
  }
}
