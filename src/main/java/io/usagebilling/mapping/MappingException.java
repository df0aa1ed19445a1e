package io.usagebilling.mapping;

/** A mapping file is wrong; the message is one line naming the file, the entry and the problem. */
public class MappingException extends RuntimeException {

    public MappingException(String message) {
        super(message);
    }
}
