package io.spoolgate.addressing.mapping;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.spoolgate.vmspool.spool.DeliveryFormat;
import io.spoolgate.vmspool.directory.EditedFile;
import io.spoolgate.vmspool.spool.VmUserid;

/**
 * A plain alias file, one alias a line: {@code ADDRESS USERID [FORMAT [FILETYPE]]}, where ADDRESS is a full address
 * ({@code john.doe@vm.example}) or a bare local part that applies to every domain using this chain ({@code john.doe});
 * full addresses win over local parts; case is ignored. Blank lines and lines starting with {@code #} or {@code *}
 * are comments. The file is re-read when it changes (checked at most once a second); a broken edit is refused with
 * the line number and the previous aliases stay in force.
 */
public final class AliasFileStrategy implements MappingStrategy {

    private final EditedFile<Map<String, MappedUserid>> file;

    /** @throws IllegalArgumentException when the file is missing or has a bad line (with its number) */
    public AliasFileStrategy(Path file) {
        this.file = new EditedFile<>(file, "alias file", AliasFileStrategy::parse);
    }

    @Override
    public String name() {
        return "alias-file";
    }

    @Override
    public Optional<MappedUserid> map(RecipientAddress recipient) {
        Map<String, MappedUserid> current = file.current();
        MappedUserid full = current.get(recipient.asString().toLowerCase(Locale.ROOT));
        if (full != null) {
            return Optional.of(full);
        }
        return Optional.ofNullable(current.get(recipient.localPart().toLowerCase(Locale.ROOT)));
    }

    static Map<String, MappedUserid> parse(Path file, List<String> lines) {
        Map<String, MappedUserid> result = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith("*")) {
                continue;
            }
            String[] words = line.split("\\s+");
            try {
                if (words.length < 2 || words.length > 4) {
                    throw new IllegalArgumentException("expected ADDRESS USERID [FORMAT [FILETYPE]], got '" + line + "'");
                }
                MappedUserid target = new MappedUserid(VmUserid.of(words[1]),
                    words.length > 2 ? Optional.of(DeliveryFormat.parse(words[2])) : Optional.empty(),
                    words.length > 3 ? Optional.of(ReaderFileType.parse(words[3])) : Optional.empty());
                String key = words[0].toLowerCase(Locale.ROOT);
                if (result.putIfAbsent(key, target) != null) {
                    throw new IllegalArgumentException("alias '" + words[0] + "' is defined twice");
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file + " line " + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        return result;
    }
}
