package net.ntsbox.ke;

import java.util.List;

/**
 * Outcome of {@link KeMessageCodec#parse}: feed it every byte received so far; it says whether
 * a whole message (ending with End of Message) is there.
 */
public sealed interface KeParseResult {
    /** No End of Message yet and nothing wrong so far. */
    record NeedMore() implements KeParseResult {}

    /** A whole message; {@code records} excludes the End of Message record. */
    record Complete(List<KeRecord> records, int messageLength) implements KeParseResult {
        public Complete {
            records = List.copyOf(records);
        }
    }

    record Malformed(KeMalformation reason) implements KeParseResult {}

    /** The message is, or will be, longer than {@link KeLimits#MAX_MESSAGE_LENGTH}. */
    record TooLarge() implements KeParseResult {}

    NeedMore NEED_MORE = new NeedMore();
    TooLarge TOO_LARGE = new TooLarge();
}
