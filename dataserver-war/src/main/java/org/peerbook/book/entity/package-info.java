/**
 * The book's state as JPA stores it: contacts, the change log that records every change with its
 * version and hash, the single head row whose lock makes versions gap-free, and the signing key.
 */
package org.peerbook.book.entity;
