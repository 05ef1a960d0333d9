// SPDX-License-Identifier: Apache-2.0
package io.skald.ingester.api;

import java.util.List;

/**
 * What an ingester made of a push.
 *
 * @param accepted     entries now durable
 * @param duplicates   entries identical to one already stored, kept once
 * @param errors       one message per stream with refused entries, in Loki's words
 * @param limited      whether a refusal was a limit (answered 429) rather than bad data (400)
 */
public record PushResult(int accepted, int duplicates, List<String> errors, boolean limited) {}
