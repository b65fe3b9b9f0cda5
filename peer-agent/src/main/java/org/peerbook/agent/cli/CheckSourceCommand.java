package org.peerbook.agent.cli;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import org.peerbook.agent.store.LocalStore;
import org.peerbook.agent.sync.CopySync;
import org.peerbook.agent.sync.SyncLimits;
import org.peerbook.agent.transport.RegistryClient;
import org.peerbook.agent.transport.SyncSourceClient;
import org.peerbook.protocol.HeadSignatures;
import org.peerbook.protocol.SyncVerifier;
import org.peerbook.protocol.registry.LeaseAnswer;
import org.peerbook.protocol.registry.RegisterRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code check-source}: pulls the whole book from one source and checks it with the book key. */
@Command(
    name = "check-source",
    mixinStandardHelpOptions = true,
    description = {
      "Pulls the whole book from a sync source (the data server or a peer) and verifies the",
      "hash chain, the signed head and the state digest with the data server's public key.",
      "It enrolls for the time of the check (sources serve enrolled nodes only) and leaves after.",
      "Prints the verified version and contact count; exit code 1 if anything fails."
    })
class CheckSourceCommand implements Callable<Integer> {
  @Option(
      names = "--source",
      required = true,
      description = "sync address, e.g. http://localhost:8080/api/sync")
  URI source;

  @Mixin EnrollmentOptions enrollment;

  @Mixin TrustOptions trust;

  @Option(
      names = "--trusted-key",
      required = true,
      defaultValue = "${env:PEERBOOK_TRUSTED_KEY}",
      description =
          "the data server's Ed25519 public key (base64, from GET /api/book/public-key);"
              + " default: env PEERBOOK_TRUSTED_KEY")
  String trustedKey;

  @Option(
      names = "--node-id",
      description = "node id to enroll and sync as (default: check-source- and a random suffix)")
  String nodeId;

  @Override
  public Integer call() throws IOException {
    var verifier = new SyncVerifier(HeadSignatures.decodePublicKey(trustedKey));
    String id =
        nodeId != null
            ? nodeId
            : "check-source-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    // the very sync an agent runs, into a copy that is thrown away afterwards
    Path scratch = Files.createTempDirectory("peerbook-check-");
    AtomicReference<String> token = new AtomicReference<>("");
    SSLContext tls;
    try {
      tls = trust.connecting();
    } catch (IllegalArgumentException e) {
      System.err.println("check failed: " + e.getMessage());
      return 1;
    }
    try (var registry = new RegistryClient(enrollment.registry, token::get, tls)) {
      // version 0 and a closed port: nobody is ever sent to this node as a source. Its own
      // loopback host keeps the endpoint apart from other checks running at the same time.
      ThreadLocalRandom random = ThreadLocalRandom.current();
      String host = "127." + random.nextInt(256) + "." + random.nextInt(256) + ".1";
      LeaseAnswer lease =
          registry.register(
              new RegisterRequest(
                  id,
                  "http://" + host + ":1/api/sync",
                  "127.0.0.1",
                  0,
                  Optional.empty(),
                  Optional.ofNullable(enrollment.enrollmentSecret)));
      token.set(lease.tokens().registryToken());
      // the source sees the peer token only: it cannot speak for this node to the registry
      var client =
          new SyncSourceClient(
              source, () -> lease.tokens().peerToken(), SyncSourceClient.httpClient(tls));
      try (var copy = LocalStore.open(scratch, 0)) {
        CopySync.Result pulled =
            new CopySync(copy, verifier, id, null, SyncLimits.DEFAULTS).syncFrom(client);
        System.out.printf(
            "verified version %d: %d contacts in %d requests from %s%n",
            pulled.version(), copy.count(), pulled.requests(), source);
        return 0;
      } finally {
        registry.deregister(id);
      }
    } catch (RuntimeException e) {
      System.err.println("check failed: " + e.getMessage());
      return 1;
    } finally {
      deleteTree(scratch);
    }
  }

  private static void deleteTree(Path root) throws IOException {
    try (var paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
