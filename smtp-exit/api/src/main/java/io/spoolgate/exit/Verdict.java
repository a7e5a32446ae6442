package io.spoolgate.exit;

import java.util.Objects;

/**
 * An exit's answer to a call, mirroring the z/OS SMTP exit return codes (see {@link Kind#zosReturnCode()}).
 * Rejects carry an SMTP reply code (4xx temporary, 5xx permanent) and the exit's own reply text, at most
 * {@link #MAX_TEXT_LENGTH} printable ASCII characters (as z/VM bounds the exit's reply text).
 */
public final class Verdict {

    /** Longest reply text an exit may give. */
    public static final int MAX_TEXT_LENGTH = 200;

    /** Keep calling the exit. */
    public static final Verdict CONTINUE = new Verdict(Kind.CONTINUE, 250, "");

    /** Accept this message: no more calls to this exit until the next message starts. */
    public static final Verdict ACCEPT = new Verdict(Kind.ACCEPT, 250, "");

    /** What an exit may answer. */
    public enum Kind {
        /** Go on (z/OS return code 0). */
        CONTINUE(0),
        /** Accept the message and stop calling this exit until the next message (z/OS return code 4). */
        ACCEPT(4),
        /** Reject the session: close the connection, or drop the rest of a spool file (z/OS return code 8). */
        REJECT_SESSION(8),
        /** Reject the whole current message (z/OS return code 12). */
        REJECT_MESSAGE(12);

        private final int zosReturnCode;

        Kind(int zosReturnCode) {
            this.zosReturnCode = zosReturnCode;
        }

        /** @return the z/OS SMTP exit return code this kind corresponds to */
        public int zosReturnCode() {
            return zosReturnCode;
        }
    }

    private final Kind kind;
    private final int code;
    private final String text;

    private Verdict(Kind kind, int code, String text) {
        this.kind = kind;
        this.code = code;
        this.text = text;
    }

    /**
     * Rejects the whole current message (every later command of the message gets the same reply).
     *
     * @param code SMTP reply code, 400-599
     * @param text reply text (may start with an enhanced status code such as {@code 5.7.1})
     * @return the verdict
     * @throws IllegalArgumentException if the code or the text is not acceptable
     */
    public static Verdict rejectMessage(int code, String text) {
        return new Verdict(Kind.REJECT_MESSAGE, checkCode(code), checkText(text));
    }

    /**
     * Rejects the session: the reply is sent and the connection closed (for spool mail: the rest of the file is
     * dropped).
     *
     * @param code SMTP reply code, 400-599 (421 is the usual one)
     * @param text reply text
     * @return the verdict
     * @throws IllegalArgumentException if the code or the text is not acceptable
     */
    public static Verdict rejectSession(int code, String text) {
        return new Verdict(Kind.REJECT_SESSION, checkCode(code), checkText(text));
    }

    /**
     * Maps a z/OS style return code: 0 continue, 4 accept, 8 reject session, 12 reject message, anything else
     * continue (as z/OS does).
     *
     * @param returnCode the z/OS return code
     * @param code       SMTP reply code for rejects
     * @param text       reply text for rejects
     * @return the verdict
     */
    public static Verdict fromZosReturnCode(int returnCode, int code, String text) {
        switch (returnCode) {
            case 4:
                return ACCEPT;
            case 8:
                return rejectSession(code, text);
            case 12:
                return rejectMessage(code, text);
            default:
                return CONTINUE;
        }
    }

    private static int checkCode(int code) {
        if (code < 400 || code > 599) {
            throw new IllegalArgumentException("SMTP reply code of a reject must be 400-599, got " + code);
        }
        return code;
    }

    private static String checkText(String text) {
        Objects.requireNonNull(text, "reply text");
        if (text.length() > MAX_TEXT_LENGTH) {
            throw new IllegalArgumentException("reply text longer than " + MAX_TEXT_LENGTH + " characters: "
                + text.length());
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                throw new IllegalArgumentException("reply text must be printable ASCII; character "
                    + (int) c + " at position " + i);
            }
        }
        return text;
    }

    /** @return what the exit answered */
    public Kind kind() {
        return kind;
    }

    /** @return the SMTP reply code (250 for continue and accept) */
    public int code() {
        return code;
    }

    /** @return the exit's reply text (empty for continue and accept) */
    public String text() {
        return text;
    }

    /** @return true for the two reject kinds */
    public boolean isReject() {
        return kind == Kind.REJECT_MESSAGE || kind == Kind.REJECT_SESSION;
    }

    /** @return true for a reject with a 5xx code */
    public boolean isPermanent() {
        return isReject() && code >= 500;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Verdict v && v.kind == kind && v.code == code && v.text.equals(text);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, code, text);
    }

    @Override
    public String toString() {
        return isReject() ? kind + " " + code + " " + text : kind.toString();
    }
}
