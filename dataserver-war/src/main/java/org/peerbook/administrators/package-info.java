/**
 * Administrators: who may change the book and the registry's settings. The deployer lists them in a
 * users file (PBKDF2 password hashes); the first start creates one administrator with a random
 * password if there is no such file. Jakarta Security checks them with HTTP Basic on the admin
 * paths that {@code WEB-INF/web.xml} constrains; the sync and registry APIs never grant this role.
 */
package org.peerbook.administrators;
