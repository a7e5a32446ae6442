package io.spoolgate.ipmapper.config;

/**
 * A configuration file could not be used. The message names the file and, when the problem is tied to one
 * line, its 1-based line number, in the form {@code file:line: problem}.
 */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final int line;

    /**
     * @param source file name (or another description of where the text came from)
     * @param line   1-based line number, or 0 when the problem concerns the whole file
     * @param problem what is wrong
     */
    public ConfigException(String source, int line, String problem) {
        super(line > 0 ? source + ":" + line + ": " + problem : source + ": " + problem);
        this.source = source;
        this.line = line;
    }

    /** @return the file name or description the problem was found in */
    public String source() {
        return source;
    }

    /** @return the 1-based line number, or 0 for a whole-file problem */
    public int line() {
        return line;
    }
}
