package io.spoolgate.vmspool.james;

import java.util.Optional;

import io.spoolgate.vmspool.spool.DeliveryFormat;
import io.spoolgate.vmspool.spool.VmUserid;

/**
 * Where one recipient's copy goes: a reader, and optionally its format and file type (else the repository's).
 * Textual form, as carried in {@link SpoolgateAttributes#ROUTES}: {@code USERID[ FORMAT[ FILETYPE]]}.
 */
public record ReaderRoute(VmUserid userid, Optional<DeliveryFormat> format, Optional<String> fileType) {

    private static final java.util.regex.Pattern WHITESPACE = java.util.regex.Pattern.compile("\\s+");

    /** @throws IllegalArgumentException naming what is wrong */
    public static ReaderRoute parse(String text) {
        String[] words = WHITESPACE.split(text.trim());
        if (words.length == 0 || words.length > 3 || words[0].isEmpty()) {
            throw new IllegalArgumentException("bad reader route '" + text + "' (expected USERID [FORMAT [FILETYPE]])");
        }
        return new ReaderRoute(VmUserid.of(words[0]),
            words.length > 1 ? Optional.of(DeliveryFormat.parse(words[1])) : Optional.empty(),
            words.length > 2 ? Optional.of(words[2]) : Optional.empty());
    }

    public String asString() {
        return userid.value() + format.map(f -> " " + f.configName()).orElse("") + fileType.map(t -> " " + t).orElse("");
    }
}
