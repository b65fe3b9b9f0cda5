package org.peerbook.protocol;

/**
 * A typed phone number, e.g. {@code work}, {@code mobile}, {@code home}, {@code fax}.
 *
 * @param type lower-case letters, at most {@value ContactLimits#MAX_PHONE_TYPE} characters
 * @param number digits and {@code + - ( ) . /} and spaces
 */
public record PhoneDto(String type, String number) {}
