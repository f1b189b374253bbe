# The webhook receiver of bench/wrk/webhooks.sh: answers every POST 204 at once, from many threads,
# and on SIGUSR1 prints how many it answered. It checks no signature (WebhookTest does that): the
# benchmark measures the sender's side.
import http.server, signal, sys, threading

calls = 0
lock = threading.Lock()

class Receiver(http.server.BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'

    def do_POST(self):
        global calls
        self.rfile.read(int(self.headers.get('Content-Length', 0)))
        with lock:
            calls += 1
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass

server = http.server.ThreadingHTTPServer(('127.0.0.1', 0), Receiver)
signal.signal(signal.SIGUSR1, lambda *_: print(f'{calls} calls answered', flush=True))
print(f'listening on {server.server_address[1]}', flush=True)
server.serve_forever()
