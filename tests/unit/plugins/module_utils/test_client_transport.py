# -*- coding: utf-8 -*-
# Copyright: makakoo.platform contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The client's transport against raw HTTP servers on 127.0.0.1.

These servers send what the emulator cannot: bodies cut off mid-stream,
broken chunked or gzip encodings, redirects and no response at all.
"""

import datetime
import ipaddress
import socket
import ssl
import threading
import time

import pytest

from ansible_collections.makakoo.platform.plugins.module_utils.client import MakakooApiError, MakakooClient

API_KEY = "canary-transport-key-5e1f"
ACCESS_TOKEN = "canary-transport-token-9c2d"


class RawServer:
    """An HTTP server on 127.0.0.1 that sends fixed bytes for every request.

    ``respond`` gets the raw request bytes and returns the bytes to send, or
    None to keep the connection open without a response. The server closes each
    connection after responding, so every response should carry
    ``Connection: close`` to keep the client from reusing the connection.
    With ``tls_context`` the server speaks HTTPS. ``requests`` records every
    raw request received.
    """

    def __init__(self, respond, tls_context=None):
        self.respond = respond
        self.tls_context = tls_context
        self.requests = []
        self._listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(16)
        self._open_connections = []
        self._stopped = threading.Event()
        self.port = self._listener.getsockname()[1]
        self.url = "%s://127.0.0.1:%d/api" % ("https" if tls_context else "http", self.port)
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self):
        while not self._stopped.is_set():
            try:
                connection, dummy = self._listener.accept()
            except OSError:
                return
            if self.tls_context is not None:
                try:
                    connection = self.tls_context.wrap_socket(connection, server_side=True)
                except (OSError, ssl.SSLError):
                    # The client rejected the certificate.
                    connection.close()
                    continue
            raw = _read_request(connection)
            self.requests.append(raw)
            response_bytes = self.respond(raw)
            if response_bytes is None:
                self._open_connections.append(connection)
                continue
            try:
                connection.sendall(response_bytes)
            finally:
                connection.close()

    def stop(self):
        self._stopped.set()
        # shutdown() wakes the accept() that blocks in the server thread; close() alone does not.
        try:
            self._listener.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self._listener.close()
        for connection in self._open_connections:
            connection.close()
        self._thread.join(5)


def _read_request(connection):
    connection.settimeout(5)
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = connection.recv(65536)
        if not chunk:
            return data
        data += chunk
    head, dummy, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, dummy, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(body) < length:
        chunk = connection.recv(65536)
        if not chunk:
            break
        body += chunk
    return head + b"\r\n\r\n" + body


@pytest.fixture
def raw_server():
    servers = []

    def start(respond, tls_context=None):
        server = RawServer(respond, tls_context)
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


def fixed(response):
    return lambda raw: response


def new_client(url, timeout=5):
    waits = []
    client = MakakooClient(url, API_KEY, ACCESS_TOKEN, auth_url=url, timeout=timeout, sleep=waits.append)
    client.waits = waits
    return client


TRUNCATED = (b"HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n"
             b'{"data": [')
BAD_CHUNK = (b"HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
             b"zz\r\n")
BAD_GZIP = (b"HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\n"
            b"Content-Length: 5\r\n\r\nabcde")


@pytest.mark.parametrize("response", [TRUNCATED, BAD_CHUNK, BAD_GZIP], ids=["truncated", "chunk", "gzip"])
def test_broken_response_on_read_retried(raw_server, response):
    server = raw_server(fixed(response))
    client = new_client(server.url)

    with pytest.raises(MakakooApiError) as caught:
        client.list_organizations()

    assert caught.value.status is None
    assert "broke off" in str(caught.value)
    assert len(server.requests) == 4
    assert "Gave up after 4 attempt(s)" in str(caught.value)


@pytest.mark.parametrize("response", [TRUNCATED, BAD_CHUNK, BAD_GZIP], ids=["truncated", "chunk", "gzip"])
def test_broken_response_on_create_not_repeated(raw_server, response):
    server = raw_server(fixed(response))
    client = new_client(server.url)

    with pytest.raises(MakakooApiError) as caught:
        client.create_organization("Broken Answer")

    assert len(server.requests) == 1
    assert "not repeated" in str(caught.value)
    assert "may have been applied" in str(caught.value)


def test_hanging_read_bounded_by_timeout(raw_server):
    server = raw_server(lambda raw: None)
    client = new_client(server.url, timeout=1)
    started = time.monotonic()

    with pytest.raises(MakakooApiError) as caught:
        client.list_organizations()

    elapsed = time.monotonic() - started
    assert "No response within 1 seconds" in str(caught.value)
    assert len(server.requests) == 4
    assert elapsed < 4 * 1 + 3


def test_hanging_create_sent_once(raw_server):
    server = raw_server(lambda raw: None)
    client = new_client(server.url, timeout=1)

    with pytest.raises(MakakooApiError) as caught:
        client.create_organization("Hanging")

    assert len(server.requests) == 1
    assert "not repeated" in str(caught.value)


@pytest.mark.parametrize("api_url", [
    "127.0.0.1:8080/ma-metrics-wsp-ms/v1/api",
    "ftp://127.0.0.1/ma-metrics-wsp-ms/v1/api",
    "http://127.0.0.1:notaport/ma-metrics-wsp-ms/v1/api",
    "http:///ma-metrics-wsp-ms/v1/api",
])
def test_invalid_api_url_rejected(api_url):
    with pytest.raises(ValueError) as caught:
        MakakooClient(api_url, API_KEY, ACCESS_TOKEN)

    assert "Invalid api_url '%s'" % api_url in str(caught.value)
    assert "https://" in str(caught.value)


def test_invalid_auth_url_rejected():
    with pytest.raises(ValueError) as caught:
        MakakooClient("http://127.0.0.1:1/api", API_KEY, None, auth_url="127.0.0.1/auth")

    assert "Invalid auth_url '127.0.0.1/auth'" in str(caught.value)


@pytest.mark.parametrize("timeout", [0, -1, 10 ** 12])
def test_invalid_timeout_rejected(timeout):
    with pytest.raises(ValueError) as caught:
        MakakooClient("http://127.0.0.1:1/api", API_KEY, ACCESS_TOKEN, timeout=timeout)

    assert "Invalid timeout %d" % timeout in str(caught.value)


def redirect_to(url, status=b"302 Found"):
    return fixed(b"HTTP/1.1 " + status + b"\r\nConnection: close\r\nLocation: " + url.encode() + b"/organizations?page=1\r\n"
                 b"Content-Length: 0\r\n\r\n")


@pytest.mark.parametrize("status", [b"301 Moved Permanently", b"302 Found", b"307 Temporary Redirect",
                                    b"308 Permanent Redirect"])
def test_redirect_not_followed(raw_server, status):
    elsewhere = raw_server(fixed(b"HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Type: application/json\r\n"
                                 b"Content-Length: 12\r\n\r\n{\"data\": []}"))
    server = raw_server(redirect_to(elsewhere.url, status))
    client = new_client(server.url)

    with pytest.raises(MakakooApiError) as caught:
        client.list_organizations()

    assert elsewhere.requests == []
    assert caught.value.status == int(status.split()[0])
    assert "redirected" in str(caught.value)
    assert "127.0.0.1:%d" % elsewhere.port in str(caught.value)
    assert "page=1" not in str(caught.value)


def test_redirected_create_not_reported_done(raw_server):
    elsewhere = raw_server(fixed(b"HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Type: application/json\r\n"
                                 b"Content-Length: 12\r\n\r\n{\"data\": []}"))
    server = raw_server(redirect_to(elsewhere.url))
    client = new_client(server.url)

    with pytest.raises(MakakooApiError) as caught:
        client.create_organization("Redirected")

    assert elsewhere.requests == []
    assert len(server.requests) == 1
    assert caught.value.status == 302


def header_lines(raw, name):
    prefix = name.lower().encode() + b":"
    return [line.split(b":", 1)[1].strip().decode() for line in raw.split(b"\r\n")
            if line.lower().startswith(prefix)]


def test_netrc_credentials_never_sent(raw_server, tmp_path, monkeypatch):
    netrc = tmp_path / "netrc"
    netrc.write_text("default login netrc-user password netrc-password\n")
    netrc.chmod(0o600)
    monkeypatch.setenv("NETRC", str(netrc))
    server = raw_server(fixed(b"HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Type: application/json\r\n"
                              b"Content-Length: 12\r\n\r\n{\"data\": []}"))
    client = new_client(server.url)

    client.list_organizations()
    with pytest.raises(MakakooApiError):
        client.create_access_token("someone@example.org", "password")

    api_request, token_request = server.requests
    assert header_lines(api_request, "Authorization") == ["Bearer %s" % ACCESS_TOKEN]
    assert header_lines(token_request, "Authorization") == []


@pytest.fixture
def self_signed(tmp_path):
    """Return (certificate path, server TLS context) for a self-signed certificate for 127.0.0.1."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.timezone.utc)
    certificate = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(hours=1)).not_valid_after(now + datetime.timedelta(hours=1))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256()))
    certificate_path = tmp_path / "certificate.pem"
    key_path = tmp_path / "key.pem"
    certificate_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(str(certificate_path), str(key_path))
    return str(certificate_path), context


@pytest.fixture
def other_ca_bundle(tmp_path, monkeypatch):
    """Point the CA bundle variables that requests reads at a bundle that does not trust the test server."""
    import certifi

    for name in ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"):
        monkeypatch.setenv(name, certifi.where())


EMPTY_LIST = (b"HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Type: application/json\r\n"
              b"Content-Length: 12\r\n\r\n{\"data\": []}")


def test_ca_path_beats_ca_bundle_variable(raw_server, self_signed, other_ca_bundle):
    certificate_path, context = self_signed
    server = raw_server(fixed(EMPTY_LIST), context)
    client = MakakooClient(server.url, API_KEY, ACCESS_TOKEN, ca_path=certificate_path, timeout=5,
                           sleep=lambda seconds: None)

    assert client.list_organizations() == []


@pytest.mark.filterwarnings("ignore:Unverified HTTPS request")
def test_validate_certs_false_beats_ca_bundle_variable(raw_server, self_signed, other_ca_bundle):
    dummy, context = self_signed
    server = raw_server(fixed(EMPTY_LIST), context)
    client = MakakooClient(server.url, API_KEY, ACCESS_TOKEN, validate_certs=False, timeout=5,
                           sleep=lambda seconds: None)

    assert client.list_organizations() == []


def test_untrusted_certificate_rejected(raw_server, self_signed, other_ca_bundle):
    dummy, context = self_signed
    server = raw_server(fixed(EMPTY_LIST), context)
    client = new_client(server.url)

    with pytest.raises(MakakooApiError) as caught:
        client.list_organizations()

    assert "SSLError" in str(caught.value)
    assert all(API_KEY.encode() not in raw for raw in server.requests)


def test_missing_ca_path_rejected(tmp_path):
    missing = str(tmp_path / "missing.pem")

    with pytest.raises(ValueError) as caught:
        MakakooClient("https://127.0.0.1:1/api", API_KEY, ACCESS_TOKEN, ca_path=missing)

    assert "Invalid ca_path '%s'" % missing in str(caught.value)
