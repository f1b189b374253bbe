package dev.seatbooking.common.web;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UnsupportedEncodingException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import dev.seatbooking.common.error.ErrorCode;
import dev.seatbooking.common.error.ProblemResponses;
import dev.seatbooking.common.error.RequestBodyTooLargeException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * What a request body may be. At most {@code booking.web.max-body-bytes} (16 KB for the public API,
 * more for cache-service's batches of holds), or 413: a declared Content-Length before anything is
 * read, a chunked body as soon as it passes the limit while being read. No request of the public
 * API comes near 16 KB (a reserve is under 300 bytes), and nothing upstream may read a body before
 * this filter (Spring MVC's form-content filter is off, see common.yml). And of a concrete media
 * type, or 415: Spring MVC fails with an internal error on a wildcard one.
 */
public class RequestBodyFilter extends OncePerRequestFilter {

    private final long maxBodyBytes;

    public RequestBodyFilter(long maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!concrete(request.getContentType())) {
            ProblemResponses.write(request, response, ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                    "Content-Type must be a concrete media type such as application/json");
            return;
        }
        long declared = request.getContentLengthLong();
        if (declared > maxBodyBytes) {
            ProblemResponses.write(request, response, ErrorCode.PAYLOAD_TOO_LARGE,
                    "The request body is larger than " + maxBodyBytes + " bytes");
            return;
        }
        // with a Content-Length the container itself never reads past it: only chunked bodies need counting
        chain.doFilter(declared >= 0 ? request : new LimitedRequest(request), response);
    }

    private static boolean concrete(String contentType) {
        if (contentType == null) {
            return true;
        }
        try {
            MediaType type = MediaType.parseMediaType(contentType);
            return !type.isWildcardType() && !type.isWildcardSubtype();
        } catch (InvalidMediaTypeException e) {
            return false;
        }
    }

    private final class LimitedRequest extends HttpServletRequestWrapper {

        private ServletInputStream stream;

        LimitedRequest(HttpServletRequest request) {
            super(request);
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new LimitedInputStream(super.getInputStream());
            }
            return stream;
        }

        @Override
        public BufferedReader getReader() throws IOException {
            String encoding = getCharacterEncoding();
            Charset charset;
            try {
                charset = encoding != null ? Charset.forName(encoding) : StandardCharsets.UTF_8;
            } catch (IllegalArgumentException e) {
                throw new UnsupportedEncodingException(encoding);
            }
            return new BufferedReader(new InputStreamReader(getInputStream(), charset));
        }
    }

    private final class LimitedInputStream extends ServletInputStream {

        private final ServletInputStream delegate;
        private long count;

        LimitedInputStream(ServletInputStream delegate) {
            this.delegate = delegate;
        }

        @Override
        public int read() throws IOException {
            int b = delegate.read();
            if (b >= 0) {
                counted(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = delegate.read(buffer, offset, length);
            if (n > 0) {
                counted(n);
            }
            return n;
        }

        private void counted(int n) throws RequestBodyTooLargeException {
            count += n;
            if (count > maxBodyBytes) {
                throw new RequestBodyTooLargeException();
            }
        }

        @Override
        public boolean isFinished() {
            return delegate.isFinished();
        }

        @Override
        public boolean isReady() {
            return delegate.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            delegate.setReadListener(listener);
        }
    }
}
