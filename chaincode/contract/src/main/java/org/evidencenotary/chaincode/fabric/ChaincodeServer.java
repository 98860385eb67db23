package org.evidencenotary.chaincode.fabric;

import org.hyperledger.fabric.contract.ContractRouter;

/**
 * Runs the contract as a chaincode server (chaincode as a service): with {@code
 * CHAINCODE_SERVER_ADDRESS} (e.g. {@code 127.0.0.1:9999}) and {@code CORE_CHAINCODE_ID_NAME}
 * (the installed package id) in the environment, it listens and the peer connects to it. No
 * Docker is involved.
 */
public final class ChaincodeServer {
  private ChaincodeServer() {}

  public static void main(String[] args) throws Exception {
    if (System.getenv("CHAINCODE_SERVER_ADDRESS") == null || System.getenv("CORE_CHAINCODE_ID_NAME") == null) {
      System.err.println("set CHAINCODE_SERVER_ADDRESS (host:port to listen on) and CORE_CHAINCODE_ID_NAME"
          + " (the package id from 'peer lifecycle chaincode install')");
      System.exit(2);
    }
    ContractRouter.main(args);
  }
}
