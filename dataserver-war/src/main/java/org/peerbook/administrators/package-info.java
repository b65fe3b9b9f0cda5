/**
 * Administrators: who may change the book and the registry's settings. The deployer lists them in a
 * users file (PBKDF2 password hashes); the first start creates one administrator with a random
 * password if there is no such file. Jakarta Security checks them with HTTP Basic; the admin paths
 * that {@code WEB-INF/web.xml} constrains demand them, and every admin resource carries
 * {@code @RolesAllowed("admin")} (enforced by {@code RolesAllowedCheck}) so that no other spelling
 * of its path gets in. Wrong passwords are hashed only a few at a time and a few times per client
 * address; the rest are refused at once. The sync and registry APIs never grant this role.
 */
package org.peerbook.administrators;
