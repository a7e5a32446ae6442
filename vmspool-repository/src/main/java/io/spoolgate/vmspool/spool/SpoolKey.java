package io.spoolgate.vmspool.spool;

/**
 * Names one reader file across all readers: {@code USERID-NNNN} (spool id with at least 4 digits), the mail key the
 * vmspool repository shows in webadmin's {@code /mailRepositories} views.
 */
public record SpoolKey(VmUserid owner, int spoolId) {

    public static SpoolKey of(VmUserid owner, int spoolId) {
        return new SpoolKey(owner, spoolId);
    }

    /** @throws IllegalArgumentException when {@code text} is not {@code USERID-NNNN} */
    public static SpoolKey parse(String text) {
        int dash = text.lastIndexOf('-');
        if (dash <= 0 || dash == text.length() - 1) {
            throw new IllegalArgumentException("not a reader file key (USERID-SPOOLID): '" + text + "'");
        }
        try {
            return new SpoolKey(VmUserid.of(text.substring(0, dash)), Integer.parseInt(text.substring(dash + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a reader file key (USERID-SPOOLID): '" + text + "'", e);
        }
    }

    public String asString() {
        return owner.value() + "-" + SpoolNames.spoolId(spoolId);
    }
}
