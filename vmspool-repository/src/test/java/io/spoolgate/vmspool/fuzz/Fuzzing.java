package io.spoolgate.vmspool.fuzz;

import io.spoolgate.vmspool.bsmtp.BsmtpReader;
import io.spoolgate.vmspool.bsmtp.BsmtpTransaction;
import io.spoolgate.vmspool.format.RecordSource;
import io.spoolgate.vmspool.format.SpoolDecodeException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Shared pieces of the Jazzer fuzz tests in this package. The property of every decoder target: an input either
 * decodes or fails with the documented {@link SpoolDecodeException} (a subclass such as {@code NetdataException} or
 * {@code BsmtpException}) carrying a message; any other exception, an {@code OutOfMemoryError} or a hang is a finding.
 */
final class Fuzzing {

    /** Record cap for the readers under fuzzing: big enough for every seed, small enough that a length field cannot exhaust the heap. */
    static final int MAX_RECORD = 1 << 20;

    private Fuzzing() {
    }

    /** A decode step that may only fail with the documented exception. */
    interface Decode {
        void run() throws IOException;
    }

    /**
     * Runs {@code d}; the documented exception is fine (its message must say something), anything else propagates
     * and is a finding.
     *
     * @return true when the input decoded, false when it was rejected
     */
    static boolean decodesOrIsRejected(Decode d) throws IOException {
        try {
            d.run();
            return true;
        } catch (SpoolDecodeException expected) {
            if (expected.getMessage() == null || expected.getMessage().isBlank()) {
                throw new AssertionError("SpoolDecodeException without a message", expected);
            }
            return false;
        }
    }

    static void check(boolean condition, String what) {
        if (!condition) {
            throw new AssertionError(what);
        }
    }

    /** One decoded BSMTP transaction and the message bytes it wrote. */
    record Transaction(BsmtpTransaction envelope, byte[] message) {
    }

    /**
     * Reads every transaction of {@code source} (at most 10,000) and checks each envelope: a path has no blank or
     * control character, 1..1000 recipients, and the byte count equals the bytes written.
     */
    static List<Transaction> drainBsmtp(RecordSource source) throws IOException {
        BsmtpReader reader = new BsmtpReader(source);
        List<Transaction> out = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            ByteArrayOutputStream message = new ByteArrayOutputStream();
            BsmtpTransaction tx = reader.next(message);
            if (tx == null) {
                check(reader.next(message) == null, "BsmtpReader returned a transaction after its end");
                return out;
            }
            checkPath(tx.mailFrom(), true);
            check(!tx.rcptTo().isEmpty() && tx.rcptTo().size() <= BsmtpReader.DEFAULT_MAX_RECIPIENTS,
                "recipient count " + tx.rcptTo().size() + " outside 1.." + BsmtpReader.DEFAULT_MAX_RECIPIENTS);
            for (String r : tx.rcptTo()) {
                checkPath(r, false);
            }
            check(tx.messageBytes() == message.size(), "messageBytes " + tx.messageBytes() + " but " + message.size() + " written");
            check(tx.firstRecord() >= 1 && tx.firstRecord() <= reader.recordNumber(), "firstRecord " + tx.firstRecord() + " out of range");
            out.add(new Transaction(tx, message.toByteArray()));
        }
        return out;
    }

    private static void checkPath(String path, boolean emptyAllowed) {
        check(path != null && (emptyAllowed || !path.isEmpty()), "empty or null path");
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            check(c > ' ' && c != '<' && c != 0x7F && !(c >= 0x80 && c < 0xA0), "path '" + path + "' has a forbidden character at " + i);
        }
    }
}
