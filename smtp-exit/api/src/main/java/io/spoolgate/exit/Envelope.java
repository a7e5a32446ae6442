package io.spoolgate.exit;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The envelope of the current message as far as the dialogue has gone.
 *
 * @param sender     the {@code MAIL FROM} address once given; the empty string stands for the null sender {@code <>}
 * @param recipients the recipients accepted so far, in order
 */
public record Envelope(Optional<String> sender, List<String> recipients) {

    /** An envelope before any {@code MAIL FROM}. */
    public static final Envelope EMPTY = new Envelope(Optional.empty(), List.of());

    /** Copies the recipient list and checks for nulls. */
    public Envelope {
        Objects.requireNonNull(sender, "sender");
        recipients = List.copyOf(recipients);
    }
}
