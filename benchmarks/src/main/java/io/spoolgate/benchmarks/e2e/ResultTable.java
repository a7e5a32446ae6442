package io.spoolgate.benchmarks.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Prints the result lines {@link SmtpLoad} appended to a file as a Markdown table, one block per corpus point (size,
 * connections), with the ratios of Spoolgate's end-to-end rate to stock James's and Postfix's and of the CPU per mail.
 * Rows are told apart by the first letter of their label: {@code A} Spoolgate, {@code B} stock James, {@code C} Exim,
 * {@code D} Postfix. Usage: {@code ResultTable RESULTS.tsv}.
 */
public final class ResultTable {

    private record Row(String label, int size, int connections, int mails, int accepted, int failures, String smtpRate,
                       String e2eRate, String p50, String p95, String p99, String cpu, String missing,
                       String duplicated, String stray, String jitShare) {

        static Row parse(String line, Path file, int number) {
            String[] f = line.split("\t", -1);
            if (f.length != 15 && f.length != 16) {
                throw new IllegalArgumentException(file + " line " + number
                    + ": 16 tab-separated fields expected (15 from older runs), found " + f.length);
            }
            return new Row(f[0], Integer.parseInt(f[1]), Integer.parseInt(f[2]), Integer.parseInt(f[3]),
                Integer.parseInt(f[4]), Integer.parseInt(f[5]), f[6], f[7], f[8], f[9], f[10], f[11], f[12], f[13], f[14],
                f.length > 15 ? f[15] : "-");
        }

        String landed() {
            if (missing.equals("-")) {
                return "not checked";
            }
            return missing.equals("0") && duplicated.equals("0") && stray.equals("0") ? "exactly once"
                : "lost " + missing + ", dup " + duplicated + ", stray " + stray;
        }
    }

    private ResultTable() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: ResultTable RESULTS.tsv");
            System.exit(2);
        }
        System.out.print(render(Path.of(args[0])));
    }

    static String render(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        Map<String, List<Row>> points = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            Row r = Row.parse(lines.get(i), file, i + 1);
            points.computeIfAbsent(sizeText(r.size()) + ", " + r.connections() + " connections", k -> new ArrayList<>()).add(r);
        }
        StringBuilder out = new StringBuilder();
        out.append("| corpus | server | accepted/sent | failures | SMTP mails/s | end-to-end mails/s | p50 ms | p95 ms "
            + "| p99 ms | server CPU-s/1000 | JIT % of CPU | landed |\n");
        out.append("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Map.Entry<String, List<Row>> p : points.entrySet()) {
            for (Row r : p.getValue()) {
                out.append(String.format(Locale.ROOT, "| %s | %s | %d/%d | %d | %s | %s | %s | %s | %s | %s | %s | %s |%n",
                    p.getKey(), r.label(), r.accepted(), r.mails(), r.failures(), r.smtpRate(), r.e2eRate(), r.p50(),
                    r.p95(), r.p99(), r.cpu(), r.jitShare(), r.landed()));
            }
        }
        out.append("\n| corpus | A/B end-to-end rate | A/D end-to-end rate | A/B CPU per mail |\n|---|---|---|---|\n");
        for (Map.Entry<String, List<Row>> p : points.entrySet()) {
            Optional<Row> a = last(p.getValue(), 'A');
            Optional<Row> b = last(p.getValue(), 'B');
            Optional<Row> d = last(p.getValue(), 'D');
            out.append(String.format(Locale.ROOT, "| %s | %s | %s | %s |%n", p.getKey(),
                ratio(a.map(Row::e2eRate), b.map(Row::e2eRate)), ratio(a.map(Row::e2eRate), d.map(Row::e2eRate)),
                ratio(a.map(Row::cpu), b.map(Row::cpu))));
        }
        return out.toString();
    }

    private static Optional<Row> last(List<Row> rows, char system) {
        Row found = null;
        for (Row r : rows) {
            if (!r.label().isEmpty() && Character.toUpperCase(r.label().charAt(0)) == system) {
                found = r;
            }
        }
        return Optional.ofNullable(found);
    }

    private static String ratio(Optional<String> top, Optional<String> bottom) {
        if (top.isEmpty() || bottom.isEmpty() || top.get().equals("-") || bottom.get().equals("-")) {
            return "-";
        }
        double b = Double.parseDouble(bottom.get());
        return b == 0 ? "-" : String.format(Locale.ROOT, "%.2f", Double.parseDouble(top.get()) / b);
    }

    private static String sizeText(int bytes) {
        return bytes % 1024 == 0 ? bytes / 1024 + " KB" : bytes + " B";
    }
}
