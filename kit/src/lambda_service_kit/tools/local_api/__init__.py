"""``make local``: the API on 127.0.0.1, served from what ``make synth`` produced.

Routes, stage, gateway responses and each function's handler, environment and
timeout are read from the synthesized CloudFormation template; the code runs from
the built asset in a worker process that sees nothing else.
"""
