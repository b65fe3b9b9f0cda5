package org.peerbook.it;

import java.io.File;
import java.net.URI;
import java.net.URL;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The WAR the build made, as Arquillian deploys it; and the API root it answers on. */
public final class ArquillianDeployments {
  private ArquillianDeployments() {}

  public static WebArchive builtWar() {
    return ShrinkWrap.create(ZipImporter.class, "peerbook.war")
        .importFrom(new File(System.getProperty("peerbook.war")))
        .as(WebArchive.class);
  }

  /** The server's root, where MicroProfile Health and OpenAPI answer. */
  public static Http serverRoot(URL deployed) {
    return new Http(URI.create("http://localhost:" + deployed.getPort() + "/"));
  }

  /** Arquillian reports the machine's outward address; the server also listens on loopback. */
  public static Http api(URL deployed) {
    URI uri = URI.create(deployed.toString());
    String path = uri.getPath().endsWith("/") ? uri.getPath() : uri.getPath() + "/";
    return new Http(URI.create("http://localhost:" + uri.getPort() + path + "api/"));
  }
}
