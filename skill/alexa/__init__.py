"""Glue to the Alexa Skills Kit SDK: the skill object with its handlers, interceptors and store
(``builder``), envelope (de)serialisation lenient with real devices (``serializer``), the SDK
compatibility fixes (``sdk_compat``), the Alexa API client (``api_client``) and the Lambda
entry point (``lambda_function``)."""
