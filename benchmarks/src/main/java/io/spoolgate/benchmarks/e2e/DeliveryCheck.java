package io.spoolgate.benchmarks.e2e;

import java.util.Map;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * Compares what the server accepted with what landed: every mail that got 250 must be in the store exactly
 * as many times as the store keeps copies for its recipients, and no mail that was refused (or never answered) may be there.
 *
 * @param missing accepted mails with fewer copies than expected (none: lost)
 * @param duplicated accepted mails with more copies than expected
 * @param stray mails found in the store that the server did not accept with 250
 */
record DeliveryCheck(int missing, int duplicated, int stray) {

    static DeliveryCheck of(MailCorpus corpus, AtomicIntegerArray accepted, Map<String, Integer> found, DeliveryStore store) {
        int missing = 0;
        int duplicated = 0;
        int stray = 0;
        for (int seq = 0; seq < accepted.length(); seq++) {
            int n = found.getOrDefault(corpus.messageId(seq), 0);
            if (accepted.get(seq) == 1) {
                int copiesPerMail = store.copiesFor(corpus.recipients(seq));
                if (n < copiesPerMail) {
                    missing++;
                } else if (n > copiesPerMail) {
                    duplicated++;
                }
            } else if (n > 0) {
                stray++;
            }
        }
        return new DeliveryCheck(missing, duplicated, stray);
    }

    boolean exactlyOnce() {
        return missing == 0 && duplicated == 0 && stray == 0;
    }
}
