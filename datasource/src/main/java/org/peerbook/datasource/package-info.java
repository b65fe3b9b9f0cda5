/**
 * The book's JDBC data source, selected by URL alone (embedded H2 by default, PostgreSQL by setting
 * a URL). On Payara Micro it travels in the WAR; in the EAR it sits in {@code lib/} with the
 * PostgreSQL driver, where the server's connection pool can load it.
 */
package org.peerbook.datasource;
