package org.peerbook.agent.cli;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.peerbook.agent.store.LocalStore;
import org.peerbook.agent.sync.CopySync;
import org.peerbook.agent.transport.SyncSourceClient;
import org.peerbook.protocol.HeadSignatures;
import org.peerbook.protocol.SyncVerifier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code java -jar peer-agent.jar}: the PeerBook agent's command line. */
@Command(
    name = "peer-agent",
    mixinStandardHelpOptions = true,
    version = "PeerBook peer agent 0.1.0",
    description = {
      "The PeerBook agent for client machines: keeps a verified local copy of the address book,",
      "syncs it from peers the resource manager names, serves peers, answers local lookups.",
      "Options of run can also come from environment variables (named in each option's help)",
      "and from a properties file: java -jar peer-agent.jar run --config agent.properties"
    },
    subcommands = {
      RunCommand.class,
      LookupCommands.Search.class,
      LookupCommands.Status.class,
      AgentCommand.CheckSource.class
    })
public class AgentCommand implements Callable<Integer> {

  @Override
  public Integer call() {
    CommandLine.usage(this, System.out);
    return 0;
  }

  public static void main(String[] args) {
    // the JDK's HTTP server writes headers and body apart: without TCP_NODELAY every small
    // answer waits ~40 ms for the client's delayed ACK
    System.setProperty("sun.net.httpserver.nodelay", "true");
    CommandLine cli = new CommandLine(new AgentCommand());
    if (args.length > 0 && args[0].equals("run")) {
      CommandLine run = cli.getSubcommands().get("run");
      try {
        ConfigFile.apply(args, run);
      } catch (CommandLine.ParameterException e) {
        System.err.println(e.getMessage());
        System.exit(run.getCommandSpec().exitCodeOnInvalidInput());
      }
    }
    System.exit(cli.execute(args));
  }

  /** Pulls the whole book from one source and checks it against the data server's key. */
  @Command(
      name = "check-source",
      mixinStandardHelpOptions = true,
      description = {
        "Pulls the whole book from a sync source (the data server or a peer) and verifies the",
        "hash chain, the signed head and the state digest with the data server's public key.",
        "Prints the verified version and contact count; exit code 1 if anything fails."
      })
  static class CheckSource implements Callable<Integer> {
    @Option(
        names = "--source",
        required = true,
        description = "sync address, e.g. http://localhost:8080/api/sync")
    URI source;

    @Option(
        names = "--trusted-key",
        required = true,
        defaultValue = "${env:PEERBOOK_TRUSTED_KEY}",
        description =
            "the data server's Ed25519 public key (base64, from GET /api/book/public-key);"
                + " default: env PEERBOOK_TRUSTED_KEY")
    String trustedKey;

    @Option(names = "--node-id", defaultValue = "check-source", description = "node id to send")
    String nodeId;

    @Override
    public Integer call() throws IOException {
      var verifier = new SyncVerifier(HeadSignatures.decodePublicKey(trustedKey));
      // the very sync an agent runs, into a copy that is thrown away afterwards
      Path scratch = Files.createTempDirectory("peerbook-check-");
      try (var client = new SyncSourceClient(source);
          var copy = LocalStore.open(scratch, 0)) {
        CopySync.Result pulled = new CopySync(copy, verifier, nodeId, null).syncFrom(client);
        System.out.printf(
            "verified version %d: %d contacts in %d requests from %s%n",
            pulled.version(), copy.count(), pulled.requests(), source);
        return 0;
      } catch (RuntimeException e) {
        System.err.println("check failed: " + e.getMessage());
        return 1;
      } finally {
        deleteTree(scratch);
      }
    }

    private static void deleteTree(Path root) throws IOException {
      try (var paths = Files.walk(root)) {
        for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(path);
        }
      }
    }
  }
}
