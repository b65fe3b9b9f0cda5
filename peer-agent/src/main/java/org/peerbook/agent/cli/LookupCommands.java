package org.peerbook.agent.cli;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Command-line lookups against a running agent's local API. */
final class LookupCommands {
  private LookupCommands() {}

  static int get(LookupAddress address, String path) throws InterruptedException {
    String lookup = address.lookup;
    HttpResponse<String> response;
    try {
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + lookup + path));
      if (address.tokenFile != null) {
        request.header("Authorization", "Bearer " + LookupToken.read(address.tokenFile));
      }
      response =
          HttpClient.newHttpClient()
              .send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (java.io.IOException e) {
      System.err.println("no agent answers at " + lookup + " (" + e + "); is it running?");
      return 1;
    }
    System.out.println(response.body());
    return response.statusCode() == 200 ? 0 : 1;
  }

  /** Where the running agent's lookup API listens; shared by the lookup commands. */
  static class LookupAddress {
    @Option(
        names = "--lookup",
        defaultValue = "${env:PEERBOOK_AGENT_LOOKUP:-127.0.0.1:7071}",
        description = "the agent's lookup address (default: ${DEFAULT-VALUE})")
    String lookup;

    @Option(
        names = "--lookup-token-file",
        paramLabel = "FILE",
        defaultValue = "${env:PEERBOOK_AGENT_LOOKUP_TOKEN_FILE}",
        description = "the agent's lookup token, if it was started with one")
    java.nio.file.Path tokenFile;
  }

  @Command(
      name = "search",
      mixinStandardHelpOptions = true,
      description = "Searches the local copy.")
  static class Search implements Callable<Integer> {
    @Mixin LookupAddress address;

    @Option(names = "--name", description = "name prefix (display, given or family name)")
    String name;

    @Option(names = "--email", description = "e-mail address")
    String email;

    @Option(
        names = "--phone",
        description = "phone number: its start, or its end (an extension, a caller's number)")
    String phone;

    @Option(names = "--department", description = "department")
    String department;

    @Override
    public Integer call() throws Exception {
      Map<String, String> query = new LinkedHashMap<>();
      query.put("q", name);
      query.put("email", email);
      query.put("phone", phone);
      query.put("department", department);
      StringBuilder path = new StringBuilder("/lookup/contacts?");
      query.forEach(
          (key, value) -> {
            if (value != null) {
              path.append(key)
                  .append('=')
                  .append(URLEncoder.encode(value, StandardCharsets.UTF_8))
                  .append('&');
            }
          });
      return get(address, path.toString());
    }
  }

  @Command(
      name = "status",
      mixinStandardHelpOptions = true,
      description = "Shows version, last sources and peers being served.")
  static class Status implements Callable<Integer> {
    @Mixin LookupAddress address;

    @Override
    public Integer call() throws Exception {
      return get(address, "/lookup/status");
    }
  }
}
