package io.spoolgate.benchmarks.e2e;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The mails of a load run: RFC 5322 text of a given size with a unique Message-ID ({@code <RUNID.SEQ@load.test>}),
 * lines of 76 printable characters ending in CRLF, none starting with a dot (so no dot-stuffing is needed and the
 * body never looks like a header or an mbox {@code From_} line).
 */
final class MailCorpus {

    static final String MESSAGE_ID_DOMAIN = "load.test";

    private final String runId;
    private final int size;
    private final int rcpts;
    private final int users;
    private final String domain;
    private final byte[] body;

    MailCorpus(String runId, int size, int rcpts, int users, String domain) {
        this.runId = runId;
        this.size = size;
        this.rcpts = rcpts;
        this.users = users;
        this.domain = domain;
        this.body = body(Math.max(0, size - 400));
    }

    String sender() {
        return "loader@client.test";
    }

    /** The recipients of mail {@code seq}: {@code rcpts} consecutive users of the pool, starting at {@code seq}. */
    List<String> recipients(int seq) {
        List<String> r = new ArrayList<>(rcpts);
        for (int i = 0; i < rcpts; i++) {
            r.add("user" + ((seq + i) % users + 1) + "@" + domain);
        }
        return r;
    }

    String messageId(int seq) {
        return runId + "." + seq + "@" + MESSAGE_ID_DOMAIN;
    }

    /** The whole message for mail number {@code seq}, ending in CRLF. */
    byte[] message(int seq) {
        StringBuilder h = new StringBuilder(400);
        h.append("From: Load Generator <loader@client.test>\r\n");
        h.append("To: ").append(String.join(", ", recipients(seq))).append("\r\n");
        h.append("Subject: load ").append(runId).append(' ').append(seq).append("\r\n");
        h.append("Date: Tue, 24 Nov 2026 04:00:00 +0000\r\n");
        h.append("Message-ID: <").append(messageId(seq)).append(">\r\n");
        h.append("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n");
        byte[] head = h.toString().getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[head.length + body.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        return all;
    }

    int size() {
        return size;
    }

    private static byte[] body(int bytes) {
        String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ";
        int lines = Math.max(1, bytes / 78);
        StringBuilder b = new StringBuilder(lines * 78);
        for (int l = 0; l < lines; l++) {
            b.append("line").append(String.format("%05d", l % 100000)).append(' ');
            for (int c = 10; c < 76; c++) {
                b.append(alphabet.charAt((l * 7 + c) % alphabet.length()));
            }
            b.append("\r\n");
        }
        return b.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
