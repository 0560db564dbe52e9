"""The console script and configuration precedence."""

import subprocess

import httpx
import pytest
from processkit import command, start, stop
from webex import sample

from mockserver.config import DEFAULT_PORT, Config, resolve


def test_port_zero_prints_one_ready_line_and_serves_the_seed_sample():
    process, url = start("--port", "0", "--log-level", "warning")
    try:
        assert url.startswith("http://127.0.0.1:") and url.endswith("/WBXService/XMLService")
        response = httpx.post(url, content=sample("seed-createmeeting-request.xml"), timeout=10)
        assert response.status_code == 200 and b"<serv:result>SUCCESS</serv:result>" in response.content
        assert response.headers["content-type"] == "text/xml;charset=UTF-8"
        assert "server" not in response.headers  # the real service sends an empty Server header
        assert httpx.get(url, timeout=10).status_code == 405
    finally:
        stop(process)


def test_environment_configures_the_script(tmp_path):
    seed = tmp_path / "seed.json"
    seed.write_text('{"version": 1, "sites": [{"siteName": "envsite", "siteID": 1, "partnerID": "p",'
                    ' "users": [{"webExId": "u", "password": "pw", "email": "u@x"}]}]}')
    process, url = start(env={"WEBEX_MOCK_PORT": "0", "WEBEX_MOCK_SEED_FILE": str(seed),
                              "WEBEX_MOCK_LOG_LEVEL": "warning"})
    try:
        body = sample("seed-createmeeting-request.xml").replace(b"acme", b"envsite")
        body = body.replace(b"hostid@envsite.com", b"u").replace(b"passw0rd", b"pw")
        assert b"<serv:result>SUCCESS" in httpx.post(url, content=body, timeout=10).content
    finally:
        stop(process)


def test_bad_config_file_exits_with_message(tmp_path):
    bad = tmp_path / "c.json"
    bad.write_text('{"prot": 1}')
    result = subprocess.run([*command(), "--config", str(bad)], capture_output=True, text=True, timeout=30)
    assert result.returncode == 2 and "prot" in result.stderr


def test_precedence_flags_over_env_over_file(tmp_path):
    file = tmp_path / "c.toml"
    file.write_text('port = 1111\nlog_level = "debug"\nhost = "0.0.0.0"\n')
    env = {"WEBEX_MOCK_PORT": "2222", "WEBEX_MOCK_LOG_LEVEL": "error"}
    config = resolve({"port": 3333, "host": None}, environ=env, config_file=str(file))
    assert (config.port, config.log_level, config.host) == (3333, "error", "0.0.0.0")
    assert resolve({}, environ={}).port == DEFAULT_PORT == Config().port
    assert resolve({}, environ={}).host == "127.0.0.1"


def test_unknown_config_key_is_refused(tmp_path):
    file = tmp_path / "c.json"
    file.write_text('{"prot": 1}')
    with pytest.raises(ValueError, match="prot"):
        resolve({}, environ={}, config_file=str(file))


def test_the_era_comes_from_flag_environment_or_file_and_is_checked(tmp_path):
    """--era / WEBEX_MOCK_ERA / era = "...": classic by default (reference §41, docs/configuration.md)."""
    assert resolve({}, environ={}).era == "classic"
    assert resolve({}, environ={"WEBEX_MOCK_ERA": "api42"}).era == "api42"
    file = tmp_path / "c.toml"
    file.write_text('era = "api42"\n')
    assert resolve({"era": "classic"}, environ={}, config_file=str(file)).era == "classic"
    assert resolve({}, environ={}, config_file=str(file)).era == "api42"
    with pytest.raises(ValueError, match="era must be one of classic, api42"):
        resolve({}, environ={"WEBEX_MOCK_ERA": "api99"})
