"""Declaring protobuf messages in code, for the two file formats read or written without their
own libraries (TensorFlow ``.pb`` graphs, ONNX models): no generated code, no ``protoc``."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from google.protobuf import descriptor_pb2, descriptor_pool, message_factory

FieldProto = descriptor_pb2.FieldDescriptorProto


def add_field(
    package: str,
    msg: descriptor_pb2.DescriptorProto,
    name: str,
    number: int,
    kind: int,
    *,
    repeated: bool = False,
    type_name: str | None = None,
    oneof: int | None = None,
) -> None:
    """Declare one field of ``msg``; ``type_name`` names a message of the same ``package``."""
    f = msg.field.add(name=name, number=number, type=kind)
    f.label = FieldProto.LABEL_REPEATED if repeated else FieldProto.LABEL_OPTIONAL
    if type_name:
        f.type_name = f".{package}.{type_name}"
    if oneof is not None:
        f.oneof_index = oneof


def message_classes(
    fdp: descriptor_pb2.FileDescriptorProto, names: Iterable[str]
) -> dict[str, Any]:
    """The Python classes of the named top-level messages of a declared file."""
    pool = descriptor_pool.DescriptorPool()
    pool.Add(fdp)
    return {
        name: message_factory.GetMessageClass(pool.FindMessageTypeByName(f"{fdp.package}.{name}"))
        for name in names
    }
