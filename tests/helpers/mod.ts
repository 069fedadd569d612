/** Test harness: real server processes, free ports, the real mysql client, mysql2. */
export { freePort } from "./free_port.ts";
export { connectMysql2, type ConnectMysql2Options } from "./mysql2.ts";
export {
  mysqlCli,
  mysqlCliArgs,
  type MysqlCliOptions,
  type MysqlCliResult,
  mysqlToolArgs,
} from "./mysql_cli.ts";
export {
  type AddNodeOptions,
  type ClusterHandle,
  type ClusterNodeHandle,
  startCluster,
  type StartClusterOptions,
  TEST_CLUSTER_SECRET,
} from "./start_cluster.ts";
export { type NodeExit, type NodeHandle, startNode, type StartNodeOptions } from "./start_node.ts";
