// SPDX-License-Identifier: Apache-2.0
package io.skald.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SkaldConfigTest {
    @TempDir
    Path dir;

    private Path yaml(String text) throws Exception {
        Path file = dir.resolve("skald.yaml");
        Files.writeString(file, text);
        return file;
    }

    @Test
    void noFlagsMeansLokisDefaults() throws Exception {
        SkaldConfig config = SkaldConfig.load(List.of());
        assertEquals(List.of("all"), config.target());
        Set<String> allButPatterns = new HashSet<>(Targets.modules());
        allButPatterns.remove("pattern-ingester");
        assertEquals(allButPatterns, config.modules());
        assertFalse(config.configurations().containsKey("skald.pattern-ingester"));
        Map<String, Object> server = config.configurations().get("skald.server");
        assertEquals(3100, server.get("httpListenPort"));
        assertEquals(false, server.get("authEnabled"));
        assertEquals(Path.of("data").toAbsolutePath(), config.dataDir());
    }

    @Test
    void yamlSectionsBecomeCamelCasePropertiesOfTheirModule() throws Exception {
        SkaldConfig config = SkaldConfig.load(List.of("-config.file=" + yaml("""
                auth_enabled: true
                server:
                  http_listen_port: 9999
                  graceful_shutdown_timeout: 5s
                ingester:
                  chunk_target_size: 1572864
                  lifecycler:
                    final_sleep: 0s
                query_range:
                  align_queries_with_step: true
                limits_config:
                  ingestion_rate_mb: 10
                  max_global_streams_per_user: 100
                  max_entries_limit_per_query: 1000
                  max_query_length: 24h
                runtime_config:
                  file: /etc/overrides.yaml
                common:
                  path_prefix: /var/skald
                """)));
        Map<String, Map<String, Object>> c = config.configurations();
        assertEquals(9999, c.get("skald.server").get("httpListenPort"));
        assertEquals("5s", c.get("skald.server").get("gracefulShutdownTimeout"));
        assertEquals(true, c.get("skald.server").get("authEnabled"));
        assertEquals(1572864, c.get("skald.ingester").get("chunkTargetSize"));
        assertEquals("0s", c.get("skald.ingester").get("lifecycler.finalSleep"));
        assertEquals("/var/skald", c.get("skald.ingester").get("pathPrefix"));
        assertEquals(true, c.get("skald.query-frontend").get("queryRange.alignQueriesWithStep"));
        assertFalse(c.get("skald.distributor").containsKey("pathPrefix"), "the distributor keeps no files");
        assertEquals(
                "ingestion_rate_mb: 10\nmax_global_streams_per_user: 100\nmax_entries_limit_per_query: 1000\n"
                        + "max_query_length: 24h\n",
                c.get("skald.limits").get("limitsConfig"),
                "limits_config reaches the limits service as written");
        assertEquals("/etc/overrides.yaml", c.get("skald.limits").get("runtimeConfig.file"));
        for (String module : List.of("skald.distributor", "skald.ingester", "skald.querier", "skald.query-frontend")) {
            assertTrue(
                    c.get(module).keySet().stream()
                            .noneMatch(k -> k.startsWith("limits")
                                    || k.startsWith("runtimeConfig")
                                    || k.equals("maxStreamsPerTenant")
                                    || k.equals("maxEntriesLimitPerQuery")),
                    module + " reads no limits itself");
        }
    }

    @Test
    void everyTargetConfiguresTheLimitsService() throws Exception {
        assertEquals(
                "",
                SkaldConfig.load(List.of("-target=compactor"))
                        .configurations()
                        .get("skald.limits")
                        .get("limitsConfig"));
    }

    @Test
    void anUnknownLimitStopsTheStartNamingItsLineAndAKnownOneIsAccepted() throws Exception {
        ConfigException e =
                assertThrows(ConfigException.class, () -> SkaldConfig.load(List.of("-config.file=" + yaml("""
                limits_config:
                  retention_period: 30d
                  shard_streams: {enabled: false}
                  max_lines_per_tenant: 3
                  max_query_series: many
                """))));
        assertTrue(
                e.getMessage()
                        .endsWith("yaml: unmarshal errors:\n  line 4: field max_lines_per_tenant not found in type "
                                + "validation.plain\n  line 5: cannot unmarshal !!str `many` into int"),
                e.getMessage());
    }

    @Test
    void flagsWinOverYaml() throws Exception {
        SkaldConfig config = SkaldConfig.load(List.of(
                "-config.file=" + yaml("server:\n  http_listen_port: 9999\n"),
                "-server.http-listen-port",
                "4100",
                "-auth.enabled"));
        assertEquals(4100, config.configurations().get("skald.server").get("httpListenPort"));
        assertEquals(true, config.configurations().get("skald.server").get("authEnabled"));
    }

    @Test
    void aTargetConfiguresOnlyItsClosure() throws Exception {
        SkaldConfig config = SkaldConfig.load(List.of("-target=read"));
        assertEquals(Set.of("server", "metrics", "store", "querier", "query-frontend"), config.modules());
        assertFalse(config.configurations().containsKey("skald.ingester"));
        SkaldConfig yamlTarget = SkaldConfig.load(List.of("-config.file=" + yaml("target: distributor,compactor\n")));
        assertEquals(Set.of("server", "metrics", "store", "distributor", "compactor"), yamlTarget.modules());
    }

    @Test
    void thePatternIngesterRunsOnlyWhenEnabled() throws Exception {
        SkaldConfig yaml = SkaldConfig.load(List.of("-target=write", "-config.file=" + yaml("""
                pattern_ingester:
                  enabled: true
                  max_clusters: 50
                limits_config:
                  pattern_ingester_tokenizable_json_fields_append: level_msg
                """)));
        assertTrue(yaml.modules().contains("pattern-ingester"));
        Map<String, Object> props = yaml.configurations().get("skald.pattern-ingester");
        assertEquals(50, props.get("maxClusters"));
        assertTrue(yaml.configurations()
                .get("skald.limits")
                .get("limitsConfig")
                .toString()
                .contains("level_msg"));
        assertTrue(
                SkaldConfig.load(List.of("-pattern-ingester.enabled")).modules().contains("pattern-ingester"));
        assertFalse(
                SkaldConfig.load(List.of("-target=pattern-ingester")).modules().contains("pattern-ingester"));
    }

    @Test
    void listsBecomeStringArrays() throws Exception {
        SkaldConfig config =
                SkaldConfig.load(List.of("-config.file=" + yaml("distributor:\n  ring:\n    tokens: [a, b]\n")));
        assertArrayEquals(new String[] {"a", "b"}, (String[])
                config.configurations().get("skald.distributor").get("ring.tokens"));
    }

    @Test
    void envExpansionOnlyWhenAsked() throws Exception {
        Path file = yaml("server:\n  http_listen_port: ${SKALD_TEST_UNSET_PORT:-4200}\n");
        assertEquals(
                4200,
                SkaldConfig.load(List.of("-config.file=" + file, "-config.expand-env=true"))
                        .configurations()
                        .get("skald.server")
                        .get("httpListenPort"));
        ConfigException e =
                assertThrows(ConfigException.class, () -> SkaldConfig.load(List.of("-config.file=" + file)));
        assertTrue(
                e.getMessage().contains("line 2: cannot unmarshal !!str `${SKALD_TEST_UNSET_PORT:-4200}` into int"),
                e.getMessage());
    }

    static Stream<Arguments> badConfigs() {
        return Stream.of(
                Arguments.of(
                        Named.of("broken YAML names its line", "server:\n  http_listen_port: 3100\n   x: [\n"),
                        "yaml: line 3:"),
                Arguments.of(
                        Named.of("unknown top-level field", "auth_enabled: true\nbogus: 1\n"),
                        "yaml: unmarshal errors:\n  line 2: field bogus not found in type loki.Config"),
                Arguments.of(
                        Named.of("unknown server field", "server:\n  http_port: 1\n"),
                        "line 2: field http_port not found in type server.Config"),
                Arguments.of(
                        Named.of("mistyped port", "server:\n  http_listen_port: x\n"),
                        "line 2: cannot unmarshal !!str `x` into int"),
                Arguments.of(
                        Named.of("bad duration", "server:\n  graceful_shutdown_timeout: soon\n"),
                        "line 2: cannot unmarshal !!str `soon` into time.Duration"),
                Arguments.of(
                        Named.of("mistyped auth_enabled", "auth_enabled: maybe\n"),
                        "line 1: cannot unmarshal !!str `maybe` into bool"),
                Arguments.of(
                        Named.of("a list where the config belongs", "- a\n- b\n"),
                        "line 1: cannot unmarshal !!seq into loki.Config"),
                Arguments.of(
                        Named.of("port out of range", "server:\n  http_listen_port: 70000\n"),
                        "invalid server.http_listen_port 70000"),
                Arguments.of(
                        Named.of("unknown target", "target: everything\n"), "unrecognised module name: everything"),
                Arguments.of(
                        Named.of("unknown log level", "server:\n  log_level: loud\n"),
                        "unrecognized log level \"loud\""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badConfigs")
    void badConfigsStopTheStartWithAClearMessage(String text, String expected) throws Exception {
        Path file = yaml(text);
        ConfigException e =
                assertThrows(ConfigException.class, () -> SkaldConfig.load(List.of("-config.file=" + file)));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertFalse(e.isUsageError());
    }

    @Test
    void theShippedSampleConfigIsTheDefaults() throws Exception {
        Path sample = Path.of("../../../runtime/etc/skald.yaml");
        assertEquals(
                SkaldConfig.load(List.of()).configurations(),
                SkaldConfig.load(List.of("-config.file=" + sample)).configurations());
    }

    @Test
    void aMissingFileSaysSo() {
        ConfigException e = assertThrows(
                ConfigException.class, () -> SkaldConfig.load(List.of("-config.file=" + dir.resolve("absent.yaml"))));
        assertTrue(e.getMessage().endsWith("absent.yaml: no such file or directory"), e.getMessage());
    }

    @Test
    void anEmptyFileIsAllDefaults() throws Exception {
        assertEquals(
                3100,
                SkaldConfig.load(List.of("-config.file=" + yaml("")))
                        .configurations()
                        .get("skald.server")
                        .get("httpListenPort"));
    }

    @Test
    void configYamlMasksTheAdminToken() throws Exception {
        String out = SkaldConfig.load(List.of("-config.file=" + yaml("server:\n  admin_token: s3cret\n")))
                .toYaml();
        assertTrue(out.contains("admin_token: <secret>"), out);
        assertFalse(out.contains("s3cret"));
    }
}
