"""The app launched inside the test process, so the network guard watches Gradio itself."""

import pytest

from ui.process import free_port


@pytest.mark.slow
def test_api_in_process_without_outside_connections(seed_config):
    from gradio_client import Client

    from ui.app import serve

    port = free_port()
    app = serve(seed_config, port=port, block=False)
    try:
        answer = Client(f"http://127.0.0.1:{port}", verbose=False).predict(
            "Qui a représenté le Niger ?", None, api_name="/ask"
        )
        assert answer["short_answer"] == "Bakary Yaou Sangare"
    finally:
        app.close()
