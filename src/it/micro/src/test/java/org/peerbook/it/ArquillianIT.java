package org.peerbook.it;

import java.net.URL;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A black-box test of the WAR that the build made, deployed by Arquillian on Payara Micro and
 * called over HTTP through {@link #api}.
 */
@ExtendWith(ArquillianExtension.class)
abstract class ArquillianIT {

  @Deployment(testable = false)
  static WebArchive deployment() {
    return ArquillianDeployments.builtWar();
  }

  @ArquillianResource URL deployed;
  Http api;

  @BeforeEach
  void connect() {
    api = ArquillianDeployments.api(deployed);
  }
}
