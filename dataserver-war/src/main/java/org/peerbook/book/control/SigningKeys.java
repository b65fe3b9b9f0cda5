package org.peerbook.book.control;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJB;
import jakarta.ejb.Lock;
import jakarta.ejb.LockType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.peerbook.book.entity.SigningKey;
import org.peerbook.protocol.HeadSignatures;

/**
 * The data server's Ed25519 key pair: from the configured PKCS#12 keystore, or else made on first
 * start and kept in the database so that the chain stays verifiable across restarts (and every
 * cluster member signs with the same key).
 */
@Singleton
@Startup
@DependsOn("SchemaMigration")
@Lock(LockType.READ)
public class SigningKeys {
  private static final Logger LOG = Logger.getLogger(SigningKeys.class.getName());

  @PersistenceContext(unitName = "book")
  EntityManager em;

  @EJB FirstRows firstRows;

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
    return FirstRows.keyPair(em, firstRows, SigningKey.class, SigningKey::new, "the book key");
  }
}
