package io.spoolgate.addressing.mapping;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.spoolgate.vmspool.spool.DeliveryFormat;
import io.spoolgate.vmspool.spool.VmUserid;

/**
 * A plain alias file, one alias a line: {@code ADDRESS USERID [FORMAT [FILETYPE]]}, where ADDRESS is a full address
 * ({@code john.doe@vm.example}) or a bare local part that applies to every domain using this chain ({@code john.doe});
 * full addresses win over local parts; case is ignored. Blank lines and lines starting with {@code #} or {@code *}
 * are comments. The file is re-read when it changes (checked at most once a second); a broken edit is refused with
 * the line number and the previous aliases stay in force.
 */
public final class AliasFileStrategy implements MappingStrategy {

    private static final Logger LOGGER = LoggerFactory.getLogger(AliasFileStrategy.class);
    private static final long CHECK_INTERVAL_NANOS = 1_000_000_000L;

    private final Path file;
    private volatile Map<String, MappedUserid> aliases;
    private volatile FileTime loadedVersion;
    private volatile long lastCheck;

    /** @throws IllegalArgumentException when the file is missing or has a bad line (with its number) */
    public AliasFileStrategy(Path file) {
        this.file = file;
        try {
            loadedVersion = Files.getLastModifiedTime(file);
            aliases = parse(file, Files.readAllLines(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("alias file " + file + " does not exist");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read alias file " + file + ": " + e.getMessage(), e);
        }
        lastCheck = System.nanoTime();
    }

    @Override
    public String name() {
        return "alias-file";
    }

    @Override
    public Optional<MappedUserid> map(RecipientAddress recipient) {
        reloadIfChanged();
        Map<String, MappedUserid> current = aliases;
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

    private void reloadIfChanged() {
        long now = System.nanoTime();
        if (now - lastCheck < CHECK_INTERVAL_NANOS) {
            return;
        }
        lastCheck = now;
        try {
            FileTime version = Files.getLastModifiedTime(file);
            if (version.equals(loadedVersion)) {
                return;
            }
            Map<String, MappedUserid> fresh = parse(file, Files.readAllLines(file, StandardCharsets.UTF_8));
            aliases = fresh;
            loadedVersion = version;
            LOGGER.info("alias file {} reloaded: {} aliases", file, fresh.size());
        } catch (IOException | IllegalArgumentException e) {
            LOGGER.error("alias file {} not reloaded, keeping the previous {} aliases: {}", file, aliases.size(),
                e.getMessage());
        }
    }
}
