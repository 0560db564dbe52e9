"""First use of the console script: whatever is wrong at start -- a setting, the seed, the port -- is one line
on stderr naming it and where it came from, and exit status 2; never a traceback, never a server that says READY
and then answers HTTP 500."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from processkit import command, start

from mockserver.config import Config, ConfigError, resolve

GOOD_SITE = {"siteName": "s", "siteID": 1, "partnerID": "p",
             "users": [{"webExId": "u", "password": "pw", "email": "u@x"}]}


def refused(*args: str, env: dict | None = None, cwd: object = None) -> str:
    """Run the script expecting it to refuse to start; its one line on stderr."""
    result = subprocess.run([*command(), *args], capture_output=True, text=True, timeout=60, cwd=cwd,
                            env={**os.environ, **(env or {})})
    assert "Traceback" not in result.stderr, result.stderr
    assert "READY" not in result.stdout, result.stdout
    assert result.returncode == 2, (result.returncode, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


# -- settings ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("args, env, named", [
    (["--admin-token", ""], {}, ["admin_token", "flag --admin-token"]),
    (["--host", ""], {}, ["host", "flag --host"]),
    ([], {"WEBEX_MOCK_ADMIN_TOKEN": ""}, ["admin_token", "environment WEBEX_MOCK_ADMIN_TOKEN"]),
    (["--port", "99999"], {}, ["port", "65535", "flag --port"]),
    (["--port", "abc"], {}, ["--port", "abc"]),
    ([], {"WEBEX_MOCK_PORT": "abc"}, ["port", "'abc'", "environment WEBEX_MOCK_PORT"]),
    ([], {"WEBEX_MOCK_LOG_LEVEL": "verbose"}, ["log_level", "verbose", "environment WEBEX_MOCK_LOG_LEVEL"]),
    ([], {"WEBEX_MOCK_LOG_FORMAT": "xml"}, ["log_format", "'xml'", "environment WEBEX_MOCK_LOG_FORMAT"]),
    (["--max-header-bytes", "10"], {}, ["max_header_bytes", "flag --max-header-bytes"]),
    (["--header-timeout", "0"], {}, ["header_timeout", "flag --header-timeout"]),
    (["--body-timeout", "0.01"], {}, ["body_timeout", "at least 0.1", "flag --body-timeout"]),
    ([], {"WEBEX_MOCK_MAX_CONNECTIONS": "0"}, ["max_connections", "environment WEBEX_MOCK_MAX_CONNECTIONS"]),
    (["--max-inflight-body-bytes", "1000"], {}, ["max_inflight_body_bytes", "at least max_body_bytes (1048576)",
                                                 "flag --max-inflight-body-bytes"]),
    ([], {"WEBEX_MOCK_MAX_NAMESPACES": "1"}, ["max_namespaces", "environment WEBEX_MOCK_MAX_NAMESPACES"]),
    ([], {"WEBEX_MOCK_ERA": "api99"}, ["era", "'api99'", "environment WEBEX_MOCK_ERA"]),
    (["--allowed-host", "a b"], {}, ["allowed_hosts", "'a b'", "flag --allowed-host"]),
    (["--no-such-flag"], {}, ["--no-such-flag"]),
], ids=lambda value: json.dumps(value) if isinstance(value, (list, dict)) else str(value))
def test_a_bad_setting_is_one_line_naming_it_and_its_source(args, env, named):
    line = refused(*args, env=env)
    for part in named:
        assert part in line, line


@pytest.mark.parametrize("name, text, named", [
    ("mock.yaml", "port: 8800\n", ["mock.yaml", ".toml or .json"]),
    ("mock.json", "{port: 8800", ["mock.json", "not valid JSON"]),
    ("mock.toml", "port = 'abc'\n", ["port", "'abc'", "config file", "mock.toml"]),
    ("mock.toml", "log_format = 'xml'\n", ["log_format", "config file", "mock.toml"]),
    ("mock.json", "[1, 2]", ["mock.json", "object"]),
])
def test_a_bad_config_file_is_one_line_naming_the_file(tmp_path, name, text, named):
    path = tmp_path / name
    path.write_text(text)
    line = refused("--config", str(path))
    for part in named:
        assert part in line, line


@pytest.mark.parametrize("args, env, named", [
    (["--config", "nope.toml"], {}, ["config file nope.toml", "No such file", "flag --config"]),
    ([], {"WEBEX_MOCK_CONFIG": "nope.toml"}, ["config file nope.toml", "No such file",
                                              "environment WEBEX_MOCK_CONFIG"]),
    (["--seed-file", "nope.json"], {}, ["seed_file nope.json", "No such file", "flag --seed-file"]),
    ([], {"WEBEX_MOCK_SEED_FILE": "nope.json"}, ["seed_file nope.json", "No such file",
                                                 "environment WEBEX_MOCK_SEED_FILE"]),
    (["--seed-file", "."], {}, ["seed_file .", "directory", "flag --seed-file"]),
], ids=["config-flag", "config-env", "seed-flag", "seed-env", "seed-dir"])
def test_a_missing_file_names_the_setting_and_its_source(tmp_path, args, env, named):
    line = refused(*args, "--port", "0", env=env, cwd=tmp_path)
    for part in named:
        assert part in line, line


def test_a_missing_seed_file_in_a_config_file_names_that_file(tmp_path):
    (tmp_path / "mock.toml").write_text('seed_file = "nope.json"\n')
    line = refused("--config", "mock.toml", "--port", "0", cwd=tmp_path)
    assert "seed_file nope.json" in line and "config file mock.toml" in line, line


def test_a_port_in_use_names_the_port_and_its_source():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        line = refused("--port", str(port))
    assert f"port {port}" in line and "flag --port" in line and "in use" in line, line


def test_an_unknown_host_names_the_host_and_its_source():
    line = refused("--port", "0", env={"WEBEX_MOCK_HOST": "no-such-host.invalid"})
    assert "no-such-host.invalid" in line and "environment WEBEX_MOCK_HOST" in line, line


def test_ctrl_c_stops_the_server_without_a_traceback():
    process, _ = start("--port", "0", "--log-level", "warning")  # with SIGINT's default action (processkit)
    try:
        process.send_signal(signal.SIGINT)
        _, errors = process.communicate(timeout=30)
    finally:  # a server that ignored Ctrl-C is not left running
        if process.poll() is None:
            process.kill()
            process.communicate(timeout=10)
    assert process.returncode in (0, 130), errors
    assert "Traceback" not in errors, errors


IGNORING_SIGINT = """
import signal, sys
signal.signal(signal.SIGINT, signal.SIG_IGN)  # as under nohup, or in a shell's background job
import processkit
process, _ = processkit.start("--port", "0", "--log-level", "warning")
try:
    process.send_signal(signal.SIGINT)
    process.communicate(timeout=30)
finally:
    if process.poll() is None:
        process.kill()
        process.communicate(timeout=10)
        sys.exit("the server ignored SIGINT")
"""


def test_a_server_the_tests_start_takes_ctrl_c_even_when_the_tests_ignore_it():
    """The Ctrl-C test holds however the suite was launched: a test run that ignores SIGINT (nohup, ``&``) still
    starts its servers with SIGINT's default action."""
    kits = str(Path(__file__).parents[1] / "kits")
    result = subprocess.run([sys.executable, "-c", IGNORING_SIGINT], capture_output=True, text=True, timeout=90,
                            env={**os.environ, "PYTHONPATH": os.pathsep.join([kits, os.environ.get("PYTHONPATH", "")])})
    assert result.returncode == 0, result.stderr


def test_every_setting_is_checked_by_config_itself():
    for bad in [{"port": -1}, {"port": 65536}, {"port": "80"}, {"log_level": "verbose"}, {"log_format": "xml"},
                {"host": " "}, {"admin_token": ""}, {"max_body_bytes": 0}, {"max_header_bytes": 100},
                {"header_timeout": 0}, {"header_timeout": float("inf")}, {"max_namespaces": 1},
                {"body_timeout": 0}, {"body_timeout": float("nan")}, {"max_connections": 0},
                {"max_connections": "9"}, {"max_inflight_body_bytes": 1024},
                {"allowed_hosts": "webex-mock"}, {"allowed_hosts": [""]}, {"random_seed": "1"},
                {"seed_file": ""}, {"state_file": 5}]:
        with pytest.raises(ConfigError) as refusal:
            Config(**bad)
        assert refusal.value.name == next(iter(bad)), bad


def test_new_settings_have_their_defaults_and_read_every_source():
    config = Config()
    assert (config.max_header_bytes, config.header_timeout, config.max_namespaces, config.allowed_hosts) == \
        (64 * 1024, 10.0, 10_000, [])
    env = {"WEBEX_MOCK_ALLOWED_HOSTS": "webex-mock:8800, mock.internal", "WEBEX_MOCK_HEADER_TIMEOUT": "2.5"}
    assert resolve({}, environ=env).allowed_hosts == ["webex-mock:8800", "mock.internal"]
    assert resolve({}, environ=env).header_timeout == 2.5
    assert resolve({"allowed_hosts": "a,b"}, environ=env).allowed_hosts == ["a", "b"]
    assert (config.body_timeout, config.max_connections, config.max_inflight_body_bytes) == (30.0, 256, 128 << 20)
    env = {"WEBEX_MOCK_BODY_TIMEOUT": "2.5", "WEBEX_MOCK_MAX_CONNECTIONS": "64",
           "WEBEX_MOCK_MAX_INFLIGHT_BODY_BYTES": "2097152"}
    wire = resolve({"max_connections": 32}, environ=env)
    assert (wire.body_timeout, wire.max_connections, wire.max_inflight_body_bytes) == (2.5, 32, 2 << 20)
    assert resolve({}, environ={"WEBEX_MOCK_LOG_LEVEL": "DEBUG"}).log_level == "debug"


# -- the seed -------------------------------------------------------------------------------------------

def bad_seed(tmp_path, sites) -> str:
    path = tmp_path / "seed.json"
    path.write_text(sites if isinstance(sites, str) else json.dumps({"version": 1, "sites": sites}))
    return str(path)


@pytest.mark.parametrize("sites, named", [
    ([GOOD_SITE, {"siteName": "b", "partnerID": "p"}], ["site #2", "'b'", "siteID"]),
    ([{**GOOD_SITE, "siteID": "abc"}], ["site #1", "'s'", "siteID"]),
    ([{**GOOD_SITE, "users": [{"password": "pw", "email": "u@x"}]}], ["site #1", "webExId"]),
    ([{**GOOD_SITE, "users": [{**GOOD_SITE["users"][0], "siteAdmin": "yes"}]}], ["siteAdmin"]),
    ([{**GOOD_SITE, "settings": {"nbrAutoRecrd": True}}], ["nbrAutoRecrd"]),
    ([GOOD_SITE, {**GOOD_SITE, "siteName": "S"}], ["site #2", "'S'", "twice"]),
    (["acme"], ["site #1", "object"]),
    ('{"sites": {"acme": 1}}', ["sites", "list"]),
    ("{not json", ["not valid JSON"]),
])
def test_a_bad_seed_file_is_refused_at_start_naming_file_site_and_field(tmp_path, sites, named):
    path = bad_seed(tmp_path, sites)
    line = refused("--seed-file", path, "--port", "0")
    for part in [path, *named, "flag --seed-file"]:
        assert part in line, line
