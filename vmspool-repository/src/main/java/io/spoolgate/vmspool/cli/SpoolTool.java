package io.spoolgate.vmspool.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import io.spoolgate.vmspool.spool.DeliveryFormat;
import io.spoolgate.vmspool.spool.DirectorySpoolBackend;
import io.spoolgate.vmspool.spool.PunchRequest;
import io.spoolgate.vmspool.spool.ReaderFileDecoder;
import io.spoolgate.vmspool.spool.ReaderFileEncoder;
import io.spoolgate.vmspool.spool.SpoolFile;
import io.spoolgate.vmspool.spool.SpoolNames;
import io.spoolgate.vmspool.spool.VmUserid;

/**
 * The administrator's reader tools for the directory backend, run by {@code bin/spoolgate}:
 * <pre>
 *   rdrlist USERID                       list a reader like CMS RDRLIST
 *   peek USERID SPOOLID [--raw]          show a reader file decoded to ASCII (--raw: the card images in hex)
 *   punch FILE --to USERID [--format netdata|bsmtp|bsmtp-cards] [--from ADDR] [--rcpt ADDR]... [--class C]
 *         [--name FN] [--type FT] [--origin USERID]
 *   punch FILE --to USERID --as-is       put FILE (already EBCDIC card images, e.g. NETDATA) into the reader unchanged
 * </pre>
 * Options before the command: {@code --home DIR} (the James working directory; the spool root and node come from its
 * {@code conf/mailrepositorystore.xml}). Exit codes: 0 done, 1 bad input or unknown user/file, 2 usage.
 */
public final class SpoolTool {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private final ToolSettings settings;
    private final DirectorySpoolBackend backend;
    private final PrintStream out;

    SpoolTool(ToolSettings settings, PrintStream out) {
        this.settings = settings;
        this.backend = new DirectorySpoolBackend(settings.spoolRoot());
        this.out = out;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        List<String> rest = new ArrayList<>(List.of(args));
        Path home = Path.of("var");
        if (rest.size() >= 2 && rest.get(0).equals("--home")) {
            home = Path.of(rest.get(1));
            rest = rest.subList(2, rest.size());
        }
        if (rest.isEmpty()) {
            err.println("usage: rdrlist USERID | peek USERID SPOOLID [--raw] | punch FILE --to USERID [options]");
            return 2;
        }
        try {
            SpoolTool tool = new SpoolTool(ToolSettings.load(home), out);
            String command = rest.get(0);
            List<String> a = rest.subList(1, rest.size());
            return switch (command) {
                case "rdrlist" -> tool.rdrlist(a);
                case "peek" -> tool.peek(a);
                case "punch" -> tool.punch(a);
                default -> usage(err, "unknown command " + command);
            };
        } catch (UsageException e) {
            return usage(err, e.getMessage());
        } catch (IllegalArgumentException | IOException e) {
            err.println("spoolgate: " + e.getMessage());
            return 1;
        }
    }

    private static int usage(PrintStream err, String message) {
        err.println("spoolgate: " + message);
        return 2;
    }

    int rdrlist(List<String> a) throws IOException {
        if (a.size() != 1) {
            throw new UsageException("usage: rdrlist USERID");
        }
        VmUserid owner = VmUserid.of(a.get(0));
        requireReader(owner);
        List<SpoolFile> files = backend.list(owner);
        out.printf("%s RDRLIST  %d file(s)  spool root %s%n", owner, files.size(), settings.spoolRoot());
        out.printf("%-8s %-8s %-8s %-2s %-17s %9s %-19s %s%n",
            "Spoolid", "Filename", "Filetype", "Cl", "Origin", "Records", "Date (UTC)", "Format");
        for (SpoolFile f : files) {
            out.printf("%-8s %-8s %-8s %-2s %-17s %9d %-19s %s%n", String.format("%04d", f.spoolId()), f.fileName(),
                f.fileType(), f.spoolClass(), f.originUserid() + " at " + f.originNode(), f.records(),
                DATE.format(f.created()), f.format().name());
        }
        return 0;
    }

    int peek(List<String> a) throws IOException {
        if (a.size() < 2 || a.size() > 3 || (a.size() == 3 && !a.get(2).equals("--raw"))) {
            throw new UsageException("usage: peek USERID SPOOLID [--raw]");
        }
        VmUserid owner = VmUserid.of(a.get(0));
        requireReader(owner);
        int id;
        try {
            id = Integer.parseInt(a.get(1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("spool id must be a number, not '" + a.get(1) + "'");
        }
        SpoolFile file = backend.find(owner, id)
            .orElseThrow(() -> new IllegalArgumentException("no spool file " + String.format("%04d", id) + " in " + owner
                + "'s reader (bin/spoolgate rdrlist " + owner + " lists them)"));
        out.printf("* %s spool file %04d  %s %s  class %s  from %s  %s  %d records  %s%n", owner, file.spoolId(),
            file.fileName(), file.fileType(), file.spoolClass(), file.sender().isEmpty() ? "<>" : file.sender(),
            file.format().name(), file.records(), DATE.format(file.created()));
        out.printf("* recipients: %s%n", String.join(", ", file.recipients()));
        out.flush();
        try (InputStream in = backend.open(file)) {
            if (a.size() == 3) {
                hexDump(in.readAllBytes());
            } else if (file.format() == DeliveryFormat.NETDATA) {
                ReaderFileDecoder.decodeMessage(file.format(), in, unclosable(out));
            } else {
                ReaderFileDecoder.decodeLines(file.format(), in, unclosable(out));
            }
        }
        out.flush();
        return 0;
    }

    int punch(List<String> a) throws IOException {
        if (a.isEmpty()) {
            throw new UsageException("usage: punch FILE --to USERID [--format netdata|bsmtp|bsmtp-cards] [--as-is] ...");
        }
        Path file = Path.of(a.get(0));
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no such file: " + file);
        }
        String to = null;
        String from = null;
        String cls = "A";
        String name = null;
        String type = settings.fileType();
        String origin = null;
        boolean asIs = false;
        DeliveryFormat format = DeliveryFormat.NETDATA;
        List<String> rcpts = new ArrayList<>();
        for (int i = 1; i < a.size(); i++) {
            String opt = a.get(i);
            if (opt.equals("--as-is")) {
                asIs = true;
                continue;
            }
            if (i + 1 >= a.size()) {
                throw new UsageException(opt + " needs a value");
            }
            String v = a.get(++i);
            switch (opt) {
                case "--to" -> to = v;
                case "--format" -> format = DeliveryFormat.parse(v);
                case "--from" -> from = v;
                case "--rcpt" -> rcpts.add(v);
                case "--class" -> cls = v;
                case "--name" -> name = v;
                case "--type" -> type = v;
                case "--origin" -> origin = v;
                default -> throw new UsageException("unknown option " + opt);
            }
        }
        if (to == null) {
            throw new UsageException("punch needs --to USERID");
        }
        if (cls.length() != 1) {
            throw new IllegalArgumentException("--class takes one letter, not '" + cls + "'");
        }
        VmUserid owner = VmUserid.of(to);
        VmUserid originUserid = origin != null ? VmUserid.of(origin)
            : VmUserid.fromLocalPart(System.getProperty("user.name", "")).orElse(VmUserid.of("OPERATOR"));
        HeaderFacts facts = HeaderFacts.read(file);
        String sender = from != null ? from : facts.from().orElse("");
        List<String> recipients = rcpts.isEmpty() ? facts.recipients() : rcpts;
        if (!asIs && format != DeliveryFormat.NETDATA && recipients.isEmpty()) {
            throw new IllegalArgumentException("BSMTP needs recipients: give --rcpt ADDR or a To: header in " + file);
        }
        PunchRequest request = new PunchRequest(owner, cls.toUpperCase(Locale.ROOT).charAt(0),
            name != null ? name : SpoolNames.fileNameForSender(sender.isEmpty() ? originUserid.value() : sender),
            type, originUserid, settings.localNode(), format, "punch:" + file.toAbsolutePath() + ":" + Instant.now(),
            sender, recipients);
        SpoolFile punched;
        if (asIs) {
            long size = Files.size(file);
            if (size % 80 != 0) {
                throw new IllegalArgumentException(file + " is " + size + " bytes, not a whole number of 80-byte cards");
            }
            punched = backend.punch(request, out -> {
                Files.copy(file, out);
                return size / 80;
            });
        } else {
            ReaderFileEncoder encoder = new ReaderFileEncoder(settings.localNode(), settings.primaryHostname(), settings.lrecl());
            long size = Files.size(file);
            punched = backend.punch(request, o -> encoder.encode(request, Instant.now(), () -> Files.newInputStream(file), size, o));
        }
        out.printf("%s spool file %04d punched to %s's reader (%s %s, %s, %d records)%n", file.getFileName(),
            punched.spoolId(), owner, punched.fileName(), punched.fileType(), asIs ? "as is" : format.name(),
            punched.records());
        return 0;
    }

    private void requireReader(VmUserid owner) throws IOException {
        if (!Files.isDirectory(backend.readerDirectory(owner))) {
            throw new IllegalArgumentException("no reader for " + owner + " under " + settings.spoolRoot()
                + (backend.readers().isEmpty() ? " (no reader has mail yet)" : " (readers: " + backend.readers() + ")"));
        }
    }

    private void hexDump(byte[] data) {
        for (int off = 0; off < data.length; off += 80) {
            StringBuilder b = new StringBuilder(String.format("%08X ", off));
            for (int i = off; i < Math.min(off + 80, data.length); i++) {
                b.append(String.format("%02X", data[i] & 0xFF));
            }
            out.println(b);
        }
    }

    private static OutputStream unclosable(PrintStream out) {
        return new OutputStream() {
            @Override
            public void write(int b) {
                out.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                out.write(b, off, len);
            }
        };
    }

    /** Envelope facts taken from the headers of a mail file (From:, To:, Cc:). */
    record HeaderFacts(Optional<String> from, List<String> recipients) {
        static HeaderFacts read(Path file) throws IOException {
            Optional<String> from = Optional.empty();
            List<String> rcpts = new ArrayList<>();
            try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
                String current = null;
                for (String line; (line = r.readLine()) != null && !line.isEmpty(); ) {
                    if ((line.startsWith(" ") || line.startsWith("\t")) && current != null) {
                        current += line;
                        continue;
                    }
                    if (current != null) {
                        from = apply(current, from, rcpts);
                    }
                    current = line;
                }
                if (current != null) {
                    from = apply(current, from, rcpts);
                }
            } catch (NoSuchFileException e) {
                throw new IllegalArgumentException("no such file: " + file);
            }
            return new HeaderFacts(from, rcpts);
        }

        private static Optional<String> apply(String header, Optional<String> from, List<String> rcpts) {
            int colon = header.indexOf(':');
            if (colon < 0) {
                return from;
            }
            String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            List<String> addrs = addresses(header.substring(colon + 1));
            if (name.equals("from") && from.isEmpty() && !addrs.isEmpty()) {
                return Optional.of(addrs.get(0));
            }
            if (name.equals("to") || name.equals("cc")) {
                rcpts.addAll(addrs);
            }
            return from;
        }

        private static List<String> addresses(String value) {
            List<String> result = new ArrayList<>();
            for (String part : value.split(",")) {
                String p = part.trim();
                int lt = p.indexOf('<');
                int gt = p.indexOf('>', lt + 1);
                String addr = lt >= 0 && gt > lt ? p.substring(lt + 1, gt) : p.split("\\s+")[0];
                if (addr.contains("@")) {
                    result.add(addr);
                }
            }
            return result;
        }
    }

    /** Thrown for wrong command-line use (exit code 2). */
    static final class UsageException extends IllegalArgumentException {
        UsageException(String message) {
            super(message);
        }
    }
}
