"""Debian's nginx running the shipped deploy/ configuration on 127.0.0.1, for the served-site tests.

The files are the ones an office installs, with only their paths and ports changed
(each change asserted, so a reshaped deploy file fails here instead of going
untested). The CSP snippet is what ``publisher csp --nginx`` prints for the project.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..site_support import ROOT

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
DEPLOY = ROOT / "deploy"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _replace(text: str, old: str, new: str) -> str:
    assert old in text, f"the shipped nginx configuration no longer holds {old!r}"
    return text.replace(old, new)


def csp_snippet(config_file: Path) -> str:
    """The output of ``publisher csp --nginx`` for ``config_file``."""
    command = shutil.which("publisher", path=str(Path(sys.executable).parent)) or "publisher"
    return subprocess.run([command, "csp", "--nginx", "-f", str(config_file)], capture_output=True, text=True,
                          check=True).stdout


def self_signed(prefix: Path) -> tuple[Path, Path]:
    cert, key = prefix / "fullchain.pem", prefix / "privkey.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
                    "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)
    return cert, key


@dataclass
class Nginx:
    """One nginx serving ``site``; ``http`` (and with ``https=True`` also ``https``) are its base URLs."""

    site: Path
    prefix: Path
    config_file: Path = ROOT / "mkdocs.yml"
    https: bool = False
    urls: dict[str, str] = field(default_factory=dict)
    process: subprocess.Popen | None = None

    def _server_blocks(self) -> str:
        snippet = self.prefix / "publisher.conf"
        if not self.https:
            conf = (DEPLOY / "nginx-site.conf").read_text("utf-8")
            port = free_port()
            conf = _replace(conf, "listen 80;", f"listen 127.0.0.1:{port};")
            conf = _replace(conf, "listen [::]:80;", "")
            self.urls["http"] = f"http://127.0.0.1:{port}/"
        else:
            conf = (DEPLOY / "nginx-https.conf.example").read_text("utf-8")
            port, tls = free_port(), free_port()
            cert, key = self_signed(self.prefix)
            conf = _replace(conf, "listen 80;", f"listen 127.0.0.1:{port};")
            conf = _replace(conf, "listen [::]:80;", "")
            conf = _replace(conf, "listen 443 ssl http2;", f"listen 127.0.0.1:{tls} ssl http2;")
            conf = _replace(conf, "listen [::]:443 ssl http2;", "")
            conf = _replace(conf, "/etc/ssl/publisher/fullchain.pem", str(cert))
            conf = _replace(conf, "/etc/ssl/publisher/privkey.pem", str(key))
            self.urls["http"] = f"http://127.0.0.1:{port}/"
            self.urls["https"] = f"https://127.0.0.1:{tls}/"
        conf = _replace(conf, "root /srv/publisher/site;", f"root {self.site};")
        return _replace(conf, "/etc/nginx/snippets/publisher.conf", str(snippet))

    def start(self) -> Nginx:
        if not Path(NGINX).exists():
            raise RuntimeError("nginx is not installed (apt-get install nginx)")
        csp = self.prefix / "publisher-csp.conf"
        csp.write_text(csp_snippet(self.config_file), "utf-8")
        common = (DEPLOY / "nginx-publisher.conf").read_text("utf-8")
        (self.prefix / "publisher.conf").write_text(_replace(common, "/etc/nginx/snippets/publisher-csp.conf",
                                                             str(csp)), "utf-8")
        (self.prefix / "site.conf").write_text(self._server_blocks(), "utf-8")
        user = "user root;\n" if os.geteuid() == 0 else ""  # workers must read the test's private temp folder
        temp = " ".join(f"{k}_temp_path {self.prefix}/{k};" for k in ("client_body", "proxy", "fastcgi", "uwsgi",
                                                                        "scgi"))
        (self.prefix / "nginx.conf").write_text(
            f"{user}worker_processes 1;\ndaemon off;\npid {self.prefix}/nginx.pid;\nerror_log {self.prefix}/error.log;\n"
            f"events {{ worker_connections 64; }}\nhttp {{ include /etc/nginx/mime.types; "
            f"default_type application/octet-stream; access_log off; {temp} include {self.prefix}/site.conf; }}\n",
            "utf-8")
        self.process = subprocess.Popen([NGINX, "-c", str(self.prefix / "nginx.conf"), "-p", str(self.prefix)],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        for url in self.urls.values():
            self._wait(int(url.rsplit(":", 1)[1].strip("/")))
        return self

    def _wait(self, port: int) -> None:
        assert self.process is not None
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                return
            except OSError:
                if self.process.poll() is not None:
                    raise RuntimeError(f"nginx did not start: {self.process.stderr.read().decode()}") from None
                time.sleep(0.05)
        raise RuntimeError(f"nginx is not listening on {port}")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None
