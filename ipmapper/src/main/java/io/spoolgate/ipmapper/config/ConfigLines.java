package io.spoolgate.ipmapper.config;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Splits a configuration file into meaningful lines: blank lines and comments are dropped, the rest is cut into
 * whitespace-separated tokens. A comment is a line whose first non-blank character is {@code *} (CMS style),
 * {@code #} or {@code ;}, or anything after a {@code #} that follows whitespace.
 */
public final class ConfigLines {
    /** Longest line accepted, in characters. */
    public static final int MAX_LINE_LENGTH = 1024;
    /** Most lines accepted in one file. */
    public static final int MAX_LINES = 200_000;
    private static final Pattern TRAILING_COMMENT = Pattern.compile("\\s#.*$");
    private static final Pattern BLANKS = Pattern.compile("\\s+");

    /**
     * One non-comment line.
     *
     * @param number 1-based line number in the file
     * @param tokens the whitespace-separated words (at least one)
     */
    public record Line(int number, List<String> tokens) {
    }

    private ConfigLines() {
    }

    /**
     * Reads a file as strict UTF-8.
     *
     * @param file the file
     * @return its lines
     * @throws ConfigException if the file cannot be read or is not text
     */
    public static List<String> readFile(Path file) throws ConfigException {
        try {
            byte[] bytes = Files.readAllBytes(file);
            String text = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
            return Arrays.asList(text.split("\r?\n", -1));
        } catch (CharacterCodingException e) {
            throw new ConfigException(file.toString(), 0, "not UTF-8 text");
        } catch (IOException e) {
            throw new ConfigException(file.toString(), 0, "cannot read: " + e);
        }
    }

    /**
     * @param source name used in error messages
     * @param lines  raw lines
     * @return the meaningful lines with their numbers
     * @throws ConfigException if a line is too long, contains control characters or the file is too long
     */
    public static List<Line> tokenize(String source, List<String> lines) throws ConfigException {
        if (lines.size() > MAX_LINES) {
            throw new ConfigException(source, 0, "more than " + MAX_LINES + " lines");
        }
        List<Line> result = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String raw = lines.get(i);
            int number = i + 1;
            if (raw.length() > MAX_LINE_LENGTH) {
                throw new ConfigException(source, number, "line longer than " + MAX_LINE_LENGTH + " characters");
            }
            for (int c = 0; c < raw.length(); c++) {
                char ch = raw.charAt(c);
                if (Character.isISOControl(ch) && ch != '\t' && ch != '\r') {
                    throw new ConfigException(source, number, String.format("control character U+%04X at column %d", (int) ch, c + 1));
                }
            }
            String text = raw.strip();
            if (text.isEmpty() || text.startsWith("*") || text.startsWith("#") || text.startsWith(";")) {
                continue;
            }
            text = TRAILING_COMMENT.matcher(text).replaceFirst("").strip();
            result.add(new Line(number, List.of(BLANKS.split(text))));
        }
        return result;
    }
}
