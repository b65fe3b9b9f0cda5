package org.peerbook.agent.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

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
      CheckSourceCommand.class
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
}
