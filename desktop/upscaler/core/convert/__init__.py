"""Converting model files into ONNX graphs the runtimes can run: TensorFlow ``.pb`` and ncnn
``.param``/``.bin``, both without their frameworks.

Nothing here is on the path of a run once a conversion is cached. ``tf_to_onnx`` converts ``.pb``
graphs; ``ncnn_param``/``ncnn_shapes``/``ncnn_to_onnx`` convert ncnn models, ``ncnn_sources`` finds
the pinned ones and caches their conversion, ``ncnn_run`` runs them tiled until the family
registry takes them over. ``onnx_proto``/``proto_schema`` are the minimal protobuf/ONNX writer and
reader both use; ``edsr_graph`` builds EDSR-shaped graphs for tests and benchmarks.
"""
