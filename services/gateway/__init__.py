"""The OpenAI-compatible HTTP gateway: a plain gRPC client of InferenceService."""
