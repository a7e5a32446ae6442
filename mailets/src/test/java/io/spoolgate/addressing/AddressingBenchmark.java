package io.spoolgate.addressing;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import io.spoolgate.addressing.access.AccessDecision;
import io.spoolgate.addressing.access.HostAccessList;
import io.spoolgate.addressing.mapping.DomainMappings;
import io.spoolgate.addressing.mapping.MapUserEnvironment;
import io.spoolgate.addressing.mapping.MapUserFactory;
import io.spoolgate.addressing.mapping.MapUserSettings;
import io.spoolgate.addressing.mapping.Mapping;
import io.spoolgate.addressing.mapping.RecipientAddress;
import io.spoolgate.addressing.rewrite.AddressHeaderRewriter;
import io.spoolgate.addressing.rewrite.MasqueradeRules;

/**
 * What the addressing rules cost per call — the RCPT hook and host access run on James 3.8.1's SMTP IO threads, so
 * they must stay in the microseconds: MAPUSER through alias file + default rule (1,000 aliases, 1,000 userids), a
 * 40-rule host access decision, and masquerading a typical {@code To} header. Run:
 * {@code mvn -o -q -pl mailets test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt} then
 * {@code java -cp mailets/target/test-classes:mailets/target/classes:$(cat mailets/target/cp.txt) io.spoolgate.addressing.AddressingBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class AddressingBenchmark {

    private DomainMappings mappings;
    private RecipientAddress aliased;
    private RecipientAddress byRule;
    private RecipientAddress unknown;
    private HostAccessList access;
    private InetAddress lastRuleClient;
    private AddressHeaderRewriter rewriter;
    private String toHeader;

    @Setup
    public void setUp() throws Exception {
        Path dir = Files.createTempDirectory("addressing-bench");
        StringBuilder users = new StringBuilder("MAINT\n");
        StringBuilder aliases = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            users.append("U").append(i).append('\n');
            aliases.append("first.last").append(i).append(" U").append(i).append('\n');
        }
        Files.writeString(dir.resolve("vmusers"), users);
        Files.writeString(dir.resolve("aliases"), aliases);
        Properties p = new Properties();
        p.setProperty("chain", "alias-file, default");
        p.setProperty("userDirectory.file", dir.resolve("vmusers").toString());
        p.setProperty("aliasFile", dir.resolve("aliases").toString());
        mappings = new MapUserFactory(MapUserSettings.of(p), new MapUserEnvironment(Path::of, c -> {
            throw new UnsupportedOperationException();
        }, Optional.empty())).build();
        aliased = RecipientAddress.parse("first.last500@vm.example");
        byRule = RecipientAddress.parse("u500@vm.example");
        unknown = RecipientAddress.parse("nobody.at.all@vm.example");
        List<String> rules = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            rules.add("deny 10." + i + ".0.0/16");
            rules.add("deny 2001:db8:" + i + "::/48");
        }
        rules.add("default allow");
        access = HostAccessList.parse("bench", rules);
        lastRuleClient = InetAddress.getByName("192.0.2.1");
        rewriter = new AddressHeaderRewriter(new MasqueradeRules("vm.example", List.of("vm.example"), Set.of("postmaster"),
            Set.of()));
        toHeader = " \"Doe, John\" <john@host1.vm.example>, Jane Roe <jane@host2.vm.example>, team@elsewhere.example";
    }

    @Benchmark
    public Mapping mapAliased() {
        return mappings.resolve(aliased);
    }

    @Benchmark
    public Mapping mapByDefaultRule() {
        return mappings.resolve(byRule);
    }

    @Benchmark
    public Mapping mapUnknown() {
        return mappings.resolve(unknown);
    }

    @Benchmark
    public AccessDecision hostAccess40Rules() {
        return access.decide(lastRuleClient, a -> Optional.empty());
    }

    @Benchmark
    public String masqueradeToHeader() {
        return rewriter.rewriteAddressList(toHeader);
    }

    public static void main(String[] args) throws Exception {
        new Runner(new OptionsBuilder().include(AddressingBenchmark.class.getSimpleName()).forks(1)
            .warmupIterations(2).warmupTime(TimeValue.seconds(1))
            .measurementIterations(3).measurementTime(TimeValue.seconds(1)).build()).run();
    }
}
