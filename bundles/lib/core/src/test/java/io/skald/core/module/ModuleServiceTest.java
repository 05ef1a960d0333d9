// SPDX-License-Identifier: Apache-2.0
package io.skald.core.module;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.skald.spi.module.Module;
import io.skald.spi.module.State;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** dskit-style: each case is a sentence, and expects a transcript of what the world saw. */
class ModuleServiceTest {

    /** Records what a dependent would see: the published state of each step. */
    static final class Transcript implements ModuleService.Publisher {
        final List<String> lines = new CopyOnWriteArrayList<>();

        @Override
        public void publish(Module module, Map<String, Object> properties) {
            lines.add("published " + properties.get(Module.STATE));
        }

        @Override
        public void update(Map<String, Object> properties) {
            lines.add(String.valueOf(properties.get(Module.STATE)));
        }

        @Override
        public void withdraw() {
            lines.add("withdrawn");
        }
    }

    static final RuntimeException BOOM = new RuntimeException("boom");

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(
                        Named.of("starts, runs and stops cleanly", new ModuleService.Hooks() {}),
                        List.of("published Starting", "Running", "Stopping", "Terminated", "withdrawn")),
                Arguments.of(
                        Named.of("starting throws: Failed, stopping is not called", new ModuleService.Hooks() {
                            @Override
                            public void starting() {
                                throw BOOM;
                            }

                            @Override
                            public void stopping(Throwable failure) {
                                throw new AssertionError("stopping must not run after a failed start");
                            }
                        }),
                        List.of("published Starting", "Failed", "withdrawn")),
                Arguments.of(
                        Named.of("stopping throws: Failed with that cause", new ModuleService.Hooks() {
                            @Override
                            public void stopping(Throwable failure) {
                                throw BOOM;
                            }
                        }),
                        List.of("published Starting", "Running", "Stopping", "Failed", "withdrawn")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void transcript(ModuleService.Hooks hooks, List<String> expected) throws Exception {
        Transcript transcript = new Transcript();
        ModuleService service = ModuleService.start("store", hooks, transcript);
        service.awaitStarted(5_000);
        service.stop();
        assertEquals(expected, transcript.lines);
    }

    @Test
    void stopIsIdempotent() throws Exception {
        Transcript transcript = new Transcript();
        ModuleService service = ModuleService.start("store", new ModuleService.Hooks() {}, transcript);
        service.awaitStarted(5_000);
        service.stop();
        service.stop();
        assertEquals(List.of("published Starting", "Running", "Stopping", "Terminated", "withdrawn"), transcript.lines);
    }

    @Test
    void failWhileRunningPassesTheCauseToStoppingAndEndsFailed() throws Exception {
        Transcript transcript = new Transcript();
        Throwable[] seen = new Throwable[1];
        ModuleService service = ModuleService.start(
                "ingester",
                new ModuleService.Hooks() {
                    @Override
                    public void stopping(Throwable failure) {
                        seen[0] = failure;
                    }
                },
                transcript);
        service.awaitStarted(5_000);
        service.fail(BOOM);
        assertSame(BOOM, seen[0]);
        assertEquals(State.FAILED, service.state());
        assertSame(BOOM, service.failure());
        service.stop();
        assertEquals(List.of("published Starting", "Running", "Stopping", "Failed", "withdrawn"), transcript.lines);
    }

    @Test
    void stopWhileStartingInterruptsAndEndsTerminatedWithoutFailure() throws Exception {
        Transcript transcript = new Transcript();
        CountDownLatch entered = new CountDownLatch(1);
        ModuleService service = ModuleService.start(
                "ingester",
                new ModuleService.Hooks() {
                    @Override
                    public void starting() throws InterruptedException {
                        entered.countDown();
                        Thread.sleep(60_000); // a WAL replay that will not finish in time
                    }
                },
                transcript);
        entered.await();
        service.stop();
        assertEquals(State.TERMINATED, service.state());
        assertNull(service.failure());
        assertEquals(List.of("published Starting", "Terminated", "withdrawn"), transcript.lines);
    }

    @Test
    void stateNamesAreDskits() {
        assertEquals("Running", State.RUNNING.toString());
        assertEquals(State.STOPPING, State.fromDisplayName("Stopping"));
    }
}
