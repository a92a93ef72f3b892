package dev.menderharness.images;

/** A user-facing image problem: its message is one line naming the image and what to do. */
public class ImageException extends RuntimeException {
    public ImageException(String message) {
        super(message);
    }

    public ImageException(String message, Throwable cause) {
        super(message, cause);
    }
}
