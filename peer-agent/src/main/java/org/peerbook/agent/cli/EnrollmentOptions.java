package org.peerbook.agent.cli;

import java.net.URI;
import java.util.List;
import picocli.CommandLine.Option;

/** Where to enroll and with what: shared by every command that registers a node. */
class EnrollmentOptions {
  @Option(
      names = "--registry",
      required = true,
      split = ",",
      paramLabel = "URL[,URL...]",
      defaultValue = "${env:PEERBOOK_REGISTRY}",
      description = {
        "the data server's API root, e.g. http://localhost:8080/api; for a cluster, every",
        "member's, comma-separated: calls fail over between them (env PEERBOOK_REGISTRY)"
      })
  List<URI> registry;

  @Option(
      names = "--enrollment-secret",
      defaultValue = "${env:PEERBOOK_ENROLLMENT_SECRET:-peerbook-dev-enrollment}",
      description = {
        "the credential registration needs: the deployment's enrollment secret, or with per-node",
        "enrollment the credential issued for this node id (env PEERBOOK_ENROLLMENT_SECRET)"
      })
  String enrollmentSecret;
}
