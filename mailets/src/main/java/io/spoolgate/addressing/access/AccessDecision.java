package io.spoolgate.addressing.access;

/**
 * The verdict on one client: allowed or not, and the rule that decided ({@code default} when none matched).
 */
public record AccessDecision(boolean allowed, String rule) {
}
