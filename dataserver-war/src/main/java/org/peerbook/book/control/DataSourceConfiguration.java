package org.peerbook.book.control;

import jakarta.annotation.sql.DataSourceDefinition;
import jakarta.ejb.Singleton;

/**
 * The book's data source. Payara resolves the {@code ${MPCONFIG=...}} values from system properties
 * and environment variables before the application's own configuration file is read, so the
 * defaults stand here: an empty URL means the embedded H2 file database in {@code
 * peerbook.data.dir}.
 */
@Singleton
@DataSourceDefinition(
    name = DataSourceConfiguration.JNDI_NAME,
    className = "org.peerbook.datasource.UrlDataSource",
    url = "${MPCONFIG=peerbook.db.url:}",
    user = "${MPCONFIG=peerbook.db.user:}",
    password = "${MPCONFIG=peerbook.db.password:}",
    properties = {"dataDir=${MPCONFIG=peerbook.data.dir:data}"},
    minPoolSize = 2,
    maxPoolSize = 32)
public class DataSourceConfiguration {
  public static final String JNDI_NAME = "java:app/jdbc/peerbook";
}
