"""Converting model files into ONNX graphs the runtimes can run (TensorFlow ``.pb`` today).

Nothing here is on the path of a run once a conversion is cached; ``tf_to_onnx`` is the entry
point, ``onnx_proto``/``proto_schema`` the minimal protobuf/ONNX writer and reader it uses, and
``edsr_graph`` builds EDSR-shaped graphs for tests and benchmarks.
"""
