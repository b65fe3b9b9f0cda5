/**
 * How the book changes and is read: every change goes through {@link
 * org.peerbook.book.control.ChangeRecorder}, which appends to the hash-chained log, updates the
 * contact and the state digest, and signs the new head, all in one transaction under the head row's
 * lock. The schema is Flyway's; the signing key is made on first start.
 */
package org.peerbook.book.control;
